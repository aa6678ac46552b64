namespace MemControl.Tests.Peft;

/// <summary>The PEFT test classes run one after another: libtorch's thread pool and global state are shared.</summary>
[CollectionDefinition(Name)]
public sealed class PeftCollection
{
    public const string Name = "Peft";
}

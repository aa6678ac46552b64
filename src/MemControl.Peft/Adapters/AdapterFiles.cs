namespace MemControl.Peft.Adapters;

/// <summary>The file names of a saved adapter (docs/formats.md: one folder per run, every file written whole).</summary>
public static class AdapterFiles
{
    /// <summary>The trained tensors, keyed by state-dict key (module path + registered name).</summary>
    public const string Tensors = "adapter.safetensors";

    /// <summary>Method, variant, configuration, mask and base-model identity.</summary>
    public const string Description = "adapter.json";

    /// <summary>The format tag written into <see cref="Description"/>.</summary>
    public const string Format = "memcontrol-adapter/1";
}

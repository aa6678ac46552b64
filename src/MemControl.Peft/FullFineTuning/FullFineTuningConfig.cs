namespace MemControl.Peft.FullFineTuning;

/// <summary>Full fine-tuning: every parameter of the model trains.</summary>
public sealed record FullFineTuningConfig : PeftConfig
{
    public const string Name = "full";

    public override string Method => Name;
}

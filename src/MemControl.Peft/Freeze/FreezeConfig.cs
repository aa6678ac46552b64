namespace MemControl.Peft.Freeze;

/// <summary>Freeze: nothing trains; the pre-trained model is the result (paper's "Freeze" baseline).</summary>
public sealed record FreezeConfig : PeftConfig
{
    public const string Name = "freeze";

    public override string Method => Name;
}

namespace MemControl.Peft.Lora;

/// <summary>
/// LoRA (Hu et al.; an extra, not in the paper): ΔW = (α / r)·B·A on the attention projections, A (r × in) random,
/// B (out × r) zero, so an untrained adapter changes nothing.
/// </summary>
public sealed record LoraConfig : PeftConfig
{
    public const string Name = "lora";

    public override string Method => Name;

    /// <summary>Rank r of the update.</summary>
    public int Rank
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentException($"rank must be positive, got {value}", nameof(Rank));
    } = 4;

    /// <summary>Scale numerator α; the update is multiplied by α / r.</summary>
    public double Alpha
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"alpha must be positive, got {value}", nameof(Alpha));
    } = 4;

    /// <summary>Module names matched exactly or as a dotted suffix (peft's target_modules list).</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = ["to_q", "to_k", "to_v", "to_out.0"];

    /// <summary>Seed of A's initialisation, so an adapter is reproducible.</summary>
    public long Seed { get; init; }
}

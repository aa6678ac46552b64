namespace MemControl.Peft.SvDiff;

/// <summary>
/// SV-DIFF (Han et al., paper [22]): every Linear/Conv2d weight W becomes U·diag(ReLU(σ + δ))·Vᵀ with U, σ, V from a
/// fixed float32 SVD of the pre-trained W (conv kernels as out × in·kh·kw) and δ trainable, init 0; norm gains get
/// shifts too (docs/decisions.md §3).
/// </summary>
public sealed record SvDiffConfig : PeftConfig
{
    public const string Name = "svdiff";

    public override string Method => Name;

    public override string? Variant => Kind == SvDiffVariant.Author ? "author" : "memcontrol";

    /// <summary>Which reading of SV-DIFF; default the author's.</summary>
    public SvDiffVariant Kind { get; init; } = SvDiffVariant.Author;

    /// <summary>Learning rate of the 1-D (norm gain) shifts, which train as their own parameter group (docs/decisions.md §3: 1e-6).</summary>
    public double OneDimensionalLearningRate
    {
        get;
        init => field = value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"one_dimensional_learning_rate must be a positive number, got {value}", nameof(OneDimensionalLearningRate));
    } = 1e-6;
}

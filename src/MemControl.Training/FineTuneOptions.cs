using MemControl.Training.Mitigation;

namespace MemControl.Training;

/// <summary>
/// How one fine-tuning runs (docs/decisions.md §5). Defaults are the paper's: AdamW β (0.9, 0.999), weight decay 1e-2, ε 1e-8,
/// constant learning rate, gradient clipping at 1.0, MSE on the noise at t ~ U[0, T).
/// </summary>
public sealed record FineTuneOptions
{
    /// <summary>Optimizer steps to take in total (a resumed run continues to this number).</summary>
    public int Steps { get; init; } = 400;

    public int BatchSize { get; init; } = 8;

    /// <summary>Learning rate of the method's main parameters.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Learning rate of SV-DIFF's shifts of 1-D weights (docs/decisions.md §3: their own, default 1e-6).</summary>
    public double OneDimensionalShiftLearningRate { get; init; } = 1e-6;

    /// <summary>Linear warm-up from 0 to the learning rate over this many steps; 0 = constant from the start.</summary>
    public int WarmupSteps { get; init; }

    public double WeightDecay { get; init; } = 1e-2;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Maximum global gradient norm; ≤ 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Probability of replacing a caption by the empty caption, for classifier-free guidance (official code: 0.1).</summary>
    public double CaptionDropout { get; init; } = 0.1;

    /// <summary>Min-SNR loss weighting γ (Hang et al.), off when null; the paper's setting is off, 5 is the usual value.</summary>
    public double? MinSnrGamma { get; init; }

    /// <summary>Noise offset (per-channel constant added to the noise); 0 = off.</summary>
    public double NoiseOffset { get; init; }

    /// <summary>Decay of an exponential moving average of the trainable parameters, off when null.</summary>
    public double? EmaDecay { get; init; }

    /// <summary>Wen et al.'s threshold mitigation, off when null (docs/decisions.md §9).</summary>
    public ThresholdMitigation? Threshold { get; init; }

    /// <summary>Write a checkpoint every this many steps (and at the end); 0 = only at the end.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Seed of the data order, noise, timesteps and caption augmentation: same seed, same run on CPU.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Batches of <see cref="BatchSize"/> whose gradients are summed before each optimizer step: the effective batch is
    /// BatchSize × this, with the loss and gradients of one batch of that size (the same noise and timesteps).
    /// </summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Recompute UNet blocks in backward instead of keeping their activations (UNet2DConditionModel.GradientCheckpointing).</summary>
    public bool GradientCheckpointing { get; init; }

    /// <summary>The dtype of the frozen weights; trainable tensors and optimizer state stay float32.</summary>
    public MixedPrecision MixedPrecision { get; init; } = MixedPrecision.No;

    /// <summary>Training image side in pixels; null = the UNet's sample_size × the VAE's downscale (512 for SD-1.5).</summary>
    public int? Resolution { get; init; }

    /// <summary>
    /// A folder for the frozen encoders' outputs (<see cref="Caching.LatentCache"/>, docs/scale.md): each training image's
    /// VAE posterior and each caption's text states are computed once, kept there and reused by every run on the same
    /// model, data and resolution; null = encode every batch anew. Needs a VAE.
    /// </summary>
    public string? LatentCache { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when a value makes no sense.</summary>
    public void Validate()
    {
        Check(Steps >= 1, nameof(Steps), $"must be at least 1, not {Steps}");
        Check(BatchSize >= 1, nameof(BatchSize), $"must be at least 1, not {BatchSize}");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a positive number, not {LearningRate}");
        Check(OneDimensionalShiftLearningRate >= 0, nameof(OneDimensionalShiftLearningRate), $"must not be negative, not {OneDimensionalShiftLearningRate}");
        Check(WarmupSteps >= 0, nameof(WarmupSteps), $"must not be negative, not {WarmupSteps}");
        Check(CaptionDropout is >= 0 and <= 1, nameof(CaptionDropout), $"must be in [0, 1], not {CaptionDropout}");
        Check(MinSnrGamma is null or > 0, nameof(MinSnrGamma), $"must be positive, not {MinSnrGamma}");
        Check(EmaDecay is null or (> 0 and < 1), nameof(EmaDecay), $"must be in (0, 1), not {EmaDecay}");
        Check(CheckpointEvery >= 0, nameof(CheckpointEvery), $"must not be negative, not {CheckpointEvery}");
        Check(GradientAccumulationSteps >= 1, nameof(GradientAccumulationSteps), $"must be at least 1, not {GradientAccumulationSteps}");
        Check(Resolution is null or > 0, nameof(Resolution), $"must be positive, not {Resolution}");
        Check(Enum.IsDefined(MixedPrecision), nameof(MixedPrecision), $"is not a MixedPrecision value ({(int)MixedPrecision})");
    }

    private static void Check(bool condition, string option, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{option}: {problem}");
        }
    }
}

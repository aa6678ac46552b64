using MemControl.Metrics.Memorization;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// How a model is evaluated (docs/decisions.md §8). Defaults are sized for the built-in 16×16 pixel-space model on a CPU: 25 DDIM
/// steps, guidance 3, 4 images per held-out prompt, 10 samples per memorization prompt (the extraction attack needs
/// at least 3; the official code draws 50).
/// </summary>
public sealed record EvaluationOptions
{
    /// <summary>Images generated per held-out prompt (FD, AMD, replication, alignment).</summary>
    public int ImagesPerPrompt { get; init; } = 4;

    /// <summary>Samples per memorization prompt (extraction attack, copying, denoising strength).</summary>
    public int SamplesPerMemorizationPrompt { get; init; } = 10;

    /// <summary>DDIM (η = 0) steps per generation.</summary>
    public int Steps { get; init; } = 25;

    /// <summary>Classifier-free guidance weight w.</summary>
    public double GuidanceScale { get; init; } = 3.0;

    /// <summary>Seed of every starting noise (held-out images first, then memorization samples, from one generator).</summary>
    public long Seed { get; init; }

    /// <summary>Generations per model call.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>A fixed cosine threshold for replication; null = calibrated (<see cref="BaselineQuantile"/>).</summary>
    public double? ReplicationThreshold { get; init; }

    /// <summary>Quantile of the train-to-train nearest-other cosine used as the calibrated replication threshold.</summary>
    public double BaselineQuantile { get; init; } = 0.95;

    /// <summary>Copying τ (per-pixel RMS on the [0, 1] scale).</summary>
    public double CopyingThreshold { get; init; } = CopyingScore.DefaultThreshold;

    /// <summary>The extraction attack's settings (τ, tiles, group size, grouping).</summary>
    public ExtractionAttackOptions Extraction { get; init; } = new();

    /// <summary>
    /// Whether the copying τ and the extraction τ are calibrated on the training images before the memorization metrics
    /// (<see cref="ThresholdCalibration"/>: 0.8 × the 1 % quantile of nearest-other distances, never looser than the τ
    /// set here). The result's options and figures carry the values used.
    /// </summary>
    public bool CalibrateThresholds { get; init; }

    /// <summary>Side of the generated images in pixels; null = the UNet's sample size × the VAE's downscale (docs/scale.md).</summary>
    public int? Resolution { get; init; }

    /// <summary>Whether the result keeps the generated images (for grids and galleries).</summary>
    public bool KeepImages { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        if (ImagesPerPrompt < 1)
        {
            throw new ArgumentException($"{nameof(ImagesPerPrompt)}: must be at least 1, got {ImagesPerPrompt}");
        }

        if (SamplesPerMemorizationPrompt < Extraction.MinimumGroupSize)
        {
            throw new ArgumentException(
                $"{nameof(SamplesPerMemorizationPrompt)}: the extraction attack needs at least {Extraction.MinimumGroupSize} samples per prompt, got {SamplesPerMemorizationPrompt}");
        }

        if (Steps < 1)
        {
            throw new ArgumentException($"{nameof(Steps)}: must be at least 1, got {Steps}");
        }

        if (!double.IsFinite(GuidanceScale))
        {
            throw new ArgumentException($"{nameof(GuidanceScale)}: must be a number, got {GuidanceScale}");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"{nameof(BatchSize)}: must be at least 1, got {BatchSize}");
        }

        if (ReplicationThreshold is < -1 or > 1)
        {
            throw new ArgumentException($"{nameof(ReplicationThreshold)}: a cosine in [-1, 1], got {ReplicationThreshold}");
        }

        if (BaselineQuantile is <= 0 or >= 1 || double.IsNaN(BaselineQuantile))
        {
            throw new ArgumentException($"{nameof(BaselineQuantile)}: must lie in (0, 1), got {BaselineQuantile}");
        }

        if (CopyingThreshold <= 0 || !double.IsFinite(CopyingThreshold))
        {
            throw new ArgumentException($"{nameof(CopyingThreshold)}: must be positive, got {CopyingThreshold}");
        }

        if (Resolution is <= 0)
        {
            throw new ArgumentException($"Resolution: must be positive, got {Resolution}");
        }

        Extraction.Validate();
    }
}

namespace MemControl.Training;

/// <summary>
/// The paper-scale settings of a fine-tuning (docs/scale.md) that a search passes to every trial and a benchmark to
/// every row, in this process and in worker processes (it travels in search.json and plan.json): image resolution,
/// gradient checkpointing, gradient accumulation and mixed precision, as on <see cref="FineTuneOptions"/>.
/// </summary>
public sealed record TrainingScale
{
    /// <summary><see cref="FineTuneOptions.Resolution"/>: also the side of the images the search and the benchmark generate and compare.</summary>
    public int? Resolution { get; init; }

    /// <summary><see cref="FineTuneOptions.GradientCheckpointing"/>.</summary>
    public bool GradientCheckpointing { get; init; }

    /// <summary><see cref="FineTuneOptions.GradientAccumulationSteps"/>.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary><see cref="FineTuneOptions.MixedPrecision"/>: also the dtype the frozen model generates in.</summary>
    public MixedPrecision MixedPrecision { get; init; } = MixedPrecision.No;

    /// <summary>
    /// Whether the frozen encoders' outputs are cached (<see cref="FineTuneOptions.LatentCache"/>): in the run folder's
    /// <see cref="CacheFolderName"/>, shared by every trial and row of the run.
    /// </summary>
    public bool CacheLatents { get; init; }

    /// <summary>The cache's folder inside a run folder (or a train run's --out).</summary>
    public const string CacheFolderName = "latent-cache";

    /// <summary><paramref name="options"/> with these settings; the cache (when on) in <paramref name="runFolder"/>'s <see cref="CacheFolderName"/>.</summary>
    public FineTuneOptions ApplyTo(FineTuneOptions options, string? runFolder = null) => options with
    {
        Resolution = Resolution,
        GradientCheckpointing = GradientCheckpointing,
        GradientAccumulationSteps = GradientAccumulationSteps,
        MixedPrecision = MixedPrecision,
        LatentCache = CacheLatents && runFolder is not null ? Path.Combine(Path.GetFullPath(runFolder), CacheFolderName) : null,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the property when a value makes no sense (as FineTuneOptions does).</summary>
    public void Validate() => ApplyTo(new FineTuneOptions()).Validate();
}

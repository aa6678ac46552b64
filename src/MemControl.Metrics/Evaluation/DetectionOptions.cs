namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Fast memorization detection (Wen et al. 2024, §4): the denoising strength of a prompt over only the first sampling
/// step(s), averaged over a few generations; memorized prompts already show a large text-conditional noise at step 1.
/// </summary>
public sealed record DetectionOptions
{
    /// <summary>Length of the DDIM schedule whose first steps are run.</summary>
    public int Steps { get; init; } = 25;

    /// <summary>Steps actually run and averaged (1 = Wen et al.'s fastest detector).</summary>
    public int FirstSteps { get; init; } = 1;

    /// <summary>Generations (starting noises) per prompt.</summary>
    public int GenerationsPerPrompt { get; init; } = 4;

    public double GuidanceScale { get; init; } = 3.0;

    public long Seed { get; init; }

    public int BatchSize { get; init; } = 16;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        if (Steps < 1)
        {
            throw new ArgumentException($"{nameof(Steps)}: must be at least 1, got {Steps}");
        }

        if (FirstSteps < 1 || FirstSteps > Steps)
        {
            throw new ArgumentException($"{nameof(FirstSteps)}: must lie in 1..{nameof(Steps)} ({Steps}), got {FirstSteps}");
        }

        if (GenerationsPerPrompt < 1)
        {
            throw new ArgumentException($"{nameof(GenerationsPerPrompt)}: must be at least 1, got {GenerationsPerPrompt}");
        }

        if (!double.IsFinite(GuidanceScale))
        {
            throw new ArgumentException($"{nameof(GuidanceScale)}: must be a number, got {GuidanceScale}");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"{nameof(BatchSize)}: must be at least 1, got {BatchSize}");
        }
    }
}

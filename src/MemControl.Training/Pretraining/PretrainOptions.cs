namespace MemControl.Training.Pretraining;

/// <summary>
/// How the built-in base model is pre-trained from scratch (docs/prototype.md's settings): Adam, learning rate 1e-3
/// with a 50-step linear warm-up, batch 64, gradient clipping at 1, 10 % empty captions for classifier-free guidance,
/// and an EMA of the weights (decay 0.995) that becomes the result.
/// </summary>
public sealed record PretrainOptions
{
    public int Steps { get; init; } = 800;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 1e-3;

    public int WarmupSteps { get; init; } = 50;

    public double GradientClip { get; init; } = 1.0;

    public double CaptionDropout { get; init; } = 0.1;

    public double EmaDecay { get; init; } = 0.995;

    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when a value makes no sense.</summary>
    public void Validate()
    {
        Check(Steps >= 1, nameof(Steps), $"must be at least 1, not {Steps}");
        Check(BatchSize >= 1, nameof(BatchSize), $"must be at least 1, not {BatchSize}");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a positive number, not {LearningRate}");
        Check(WarmupSteps >= 0, nameof(WarmupSteps), $"must not be negative, not {WarmupSteps}");
        Check(CaptionDropout is >= 0 and <= 1, nameof(CaptionDropout), $"must be in [0, 1], not {CaptionDropout}");
        Check(EmaDecay is > 0 and < 1, nameof(EmaDecay), $"must be in (0, 1), not {EmaDecay}");
    }

    private static void Check(bool condition, string option, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{option}: {problem}");
        }
    }
}

namespace MemControl.Data.Augmentation;

/// <summary>
/// Classifier-free guidance needs the model to learn the unconditional prediction too: during fine-tuning each
/// caption is replaced by the empty caption with probability p (0.1 in the official code; docs/decisions.md §2). Training only —
/// never while measuring memorization.
/// </summary>
public sealed class CaptionDropout : ICaptionTransform
{
    public const double DefaultProbability = 0.1;

    public CaptionDropout(double probability = DefaultProbability)
    {
        if (probability is < 0 or > 1 || double.IsNaN(probability))
        {
            throw new ArgumentException($"{nameof(CaptionDropout)} {nameof(probability)}: must lie in [0, 1], got {probability}");
        }

        Probability = probability;
    }

    public double Probability { get; }

    public string Apply(string caption, Random random) => random.NextDouble() < Probability ? "" : caption;
}

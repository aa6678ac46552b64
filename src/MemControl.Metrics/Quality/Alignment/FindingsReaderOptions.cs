namespace MemControl.Metrics.Quality.Alignment;

/// <summary>Training settings of the findings classifier.</summary>
public sealed record FindingsReaderOptions
{
    /// <summary>Images are resized (bilinear) to this side before the network.</summary>
    public int ImageSize { get; init; } = 64;

    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Seed of the weights and of the batch order.</summary>
    public long Seed { get; init; }

    /// <summary>A finding is read as present when its probability is at least this.</summary>
    public double DecisionThreshold { get; init; } = 0.5;

    public void Validate()
    {
        if (ImageSize < 8)
        {
            throw new ArgumentException($"ImageSize: at least 8, got {ImageSize}", nameof(ImageSize));
        }

        if (Epochs < 1 || BatchSize < 1)
        {
            throw new ArgumentException("Epochs and BatchSize: must be positive");
        }

        if (LearningRate <= 0)
        {
            throw new ArgumentException($"LearningRate: must be positive, got {LearningRate}", nameof(LearningRate));
        }

        if (DecisionThreshold is <= 0 or >= 1)
        {
            throw new ArgumentException($"DecisionThreshold: must be in (0, 1), got {DecisionThreshold}", nameof(DecisionThreshold));
        }
    }
}

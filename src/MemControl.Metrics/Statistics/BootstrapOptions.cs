namespace MemControl.Metrics.Statistics;

/// <summary>Settings of a percentile bootstrap.</summary>
public sealed record BootstrapOptions
{
    /// <summary>Number of resamples (2000: the percentile bounds' Monte-Carlo error is then small next to their width).</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>Confidence level in (0, 1).</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>Seed of the resampling, so the same inputs always give the same interval.</summary>
    public int Seed { get; init; }

    public void Validate()
    {
        if (Resamples < 2)
        {
            throw new ArgumentException($"BootstrapOptions.Resamples must be at least 2, got {Resamples}");
        }

        if (!(Level > 0 && Level < 1))
        {
            throw new ArgumentException($"BootstrapOptions.Level must lie in (0, 1), got {Level}");
        }
    }
}

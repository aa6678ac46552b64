namespace MemControl.Metrics.Memorization;

/// <summary>Settings of the extraction attack (Carlini et al. 2023, as MemControl's official code runs it).</summary>
public sealed record ExtractionAttackOptions
{
    /// <summary>
    /// τ: two generations are linked when their largest tile RMS (on the [0, 1] scale) is below this. Default 0.206,
    /// the official L2 threshold 20 over a 56 × 56 × 3 tile (20 / √9408).
    /// </summary>
    public double Threshold { get; init; } = 20 / Math.Sqrt(56 * 56 * 3);

    /// <summary>Tiles per side (4 → 16 tiles).</summary>
    public int Tiles { get; init; } = 4;

    /// <summary>Smallest linked group that makes a prompt extracted.</summary>
    public int MinimumGroupSize { get; init; } = 3;

    public ExtractionGrouping Grouping { get; init; } = ExtractionGrouping.ConnectedComponents;

    public void Validate()
    {
        if (Threshold <= 0)
        {
            throw new ArgumentException($"Threshold: must be positive, got {Threshold}", nameof(Threshold));
        }

        if (Tiles < 1)
        {
            throw new ArgumentException($"Tiles: must be positive, got {Tiles}", nameof(Tiles));
        }

        if (MinimumGroupSize < 2)
        {
            throw new ArgumentException($"MinimumGroupSize: a group has at least 2 generations, got {MinimumGroupSize}", nameof(MinimumGroupSize));
        }
    }
}

namespace MemControl.Metrics.Quality;

/// <summary>Subsets of the KID estimate; the defaults are torchmetrics' and clean-fid's.</summary>
public sealed record KernelDistanceOptions
{
    /// <summary>Vectors per subset, capped at the smaller set's size (clean-fid: min(1000, n)).</summary>
    public int SubsetSize { get; init; } = 1000;

    /// <summary>Number of random subsets averaged.</summary>
    public int SubsetCount { get; init; } = 100;

    /// <summary>Seed of the subset draws.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Sets of at most this many vectors get their kernel matrices computed once and gathered per subset (2048² float64
    /// = 32 MB each); larger sets compute each subset's kernels afresh, bounding memory. 0 = never precompute.
    /// </summary>
    public int MaxPrecomputedSetSize { get; init; } = 2048;

    public void Validate()
    {
        if (SubsetSize < 2)
        {
            throw new ArgumentException($"KernelDistanceOptions.SubsetSize must be at least 2, got {SubsetSize}");
        }

        if (MaxPrecomputedSetSize < 0)
        {
            throw new ArgumentException($"KernelDistanceOptions.MaxPrecomputedSetSize must not be negative, got {MaxPrecomputedSetSize}");
        }

        if (SubsetCount < 1)
        {
            throw new ArgumentException($"KernelDistanceOptions.SubsetCount must be at least 1, got {SubsetCount}");
        }
    }
}

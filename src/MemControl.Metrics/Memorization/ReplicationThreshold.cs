namespace MemControl.Metrics.Memorization;

/// <summary>
/// Where the replication threshold comes from: a fixed cosine (default 0.5, Somepalli et al.'s value for SSCD
/// features) or a quantile of the train-to-train baseline in the features actually used (calibrated).
/// </summary>
public sealed record ReplicationThreshold
{
    private ReplicationThreshold(double? fixedValue, double? baselineQuantile)
    {
        FixedValue = fixedValue;
        BaselineQuantile = baselineQuantile;
    }

    /// <summary>The fixed cosine similarity, when fixed.</summary>
    public double? FixedValue { get; }

    /// <summary>The baseline quantile (e.g. 0.95), when calibrated.</summary>
    public double? BaselineQuantile { get; }

    /// <summary>Somepalli et al.: cosine &gt; 0.5 in SSCD space.</summary>
    public static ReplicationThreshold Sscd { get; } = new(0.5, null);

    public static ReplicationThreshold Fixed(double cosine) => new(cosine, null);

    /// <summary>Threshold = the q-quantile of train-to-train nearest-other similarities.</summary>
    public static ReplicationThreshold FromBaseline(double quantile) =>
        quantile is > 0 and < 1 ? new(null, quantile) : throw new ArgumentException($"quantile: must be in (0, 1), got {quantile}", nameof(quantile));

    /// <summary>The threshold value and a description of its origin.</summary>
    public (double Value, string Source) Resolve(NeighbourBaseline baseline) =>
        FixedValue is { } value
            ? (value, value == 0.5 ? "fixed 0.5 (Somepalli et al., calibrated for SSCD features, not these)" : $"fixed {value}")
            : (baseline.Quantile(BaselineQuantile!.Value), $"train-to-train nearest-other similarity, quantile {BaselineQuantile}");
}

namespace MemControl.Metrics.Statistics;

/// <summary>How an <see cref="IntervalEstimate"/>'s interval was made.</summary>
public enum IntervalMethod
{
    /// <summary>Mean ± t(0.975, n − 1) · s / √n: runs over seeds (few, roughly normal values).</summary>
    StudentT,

    /// <summary>The α/2 and 1 − α/2 percentiles of the means of resamples drawn with replacement (Efron's percentile bootstrap).</summary>
    PercentileBootstrap,
}

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Memorization-informed FD (Bai et al. 2021): FD / d_thr with d_thr = AMD when AMD &lt; ε (0.1), else 1 — the FD is
/// inflated when generations sit closer to the training set than ε in cosine distance.
/// </summary>
public static class MiFid
{
    /// <summary>Bai et al.'s ε.</summary>
    public const double DefaultThreshold = 0.1;

    public static double Compute(double frechetDistance, double averageMinimumDistance, double threshold = DefaultThreshold)
    {
        if (averageMinimumDistance < 0)
        {
            throw new ArgumentException($"averageMinimumDistance: must be ≥ 0, got {averageMinimumDistance}", nameof(averageMinimumDistance));
        }

        var penalty = averageMinimumDistance < threshold ? averageMinimumDistance : 1.0;
        return frechetDistance / penalty; // AMD = 0 (exact copies) gives +∞, as the definition does
    }
}

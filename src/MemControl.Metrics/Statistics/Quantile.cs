namespace MemControl.Metrics.Statistics;

/// <summary>Sample quantiles by linear interpolation between order statistics (numpy's default "linear", Hyndman–Fan type 7).</summary>
public static class Quantile
{
    /// <summary>The q-quantile of <paramref name="sortedValues"/> (ascending): position q(n − 1), interpolated.</summary>
    public static double OfSorted(IReadOnlyList<double> sortedValues, double q)
    {
        ArgumentNullException.ThrowIfNull(sortedValues);
        if (sortedValues.Count == 0)
        {
            throw new ArgumentException("sortedValues: no values", nameof(sortedValues));
        }

        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile lies in [0, 1]");
        }

        var position = q * (sortedValues.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sortedValues.Count - 1);
        var fraction = position - below;
        return sortedValues[below] + fraction * (sortedValues[above] - sortedValues[below]);
    }
}

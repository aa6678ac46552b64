using MemControl.Metrics.Features;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// The train-to-train nearest-neighbour baseline (Somepalli et al.'s <c>bg_</c> similarities): for training images, the
/// similarity (or distance) to their nearest <i>other</i> training image. A threshold meant for another feature space
/// (replication's 0.5 is for SSCD) means something here only next to this: how often real, distinct training images
/// already pass it.
/// </summary>
public sealed class NeighbourBaseline
{
    private readonly double[] _sorted;

    public NeighbourBaseline(IReadOnlyList<double> values, NeighbourMetric metric)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("values: an empty baseline", nameof(values));
        }

        Values = values;
        Metric = metric;
        _sorted = values.Order().ToArray();
    }

    /// <summary>Per probed training image, the measure to its nearest other training image.</summary>
    public IReadOnlyList<double> Values { get; }

    public NeighbourMetric Metric { get; }

    /// <summary>The q-quantile (0..1) of the values, linear between order statistics.</summary>
    public double Quantile(double q)
    {
        if (q is < 0 or > 1)
        {
            throw new ArgumentException($"q: a quantile is in [0, 1], got {q}", nameof(q));
        }

        var position = q * (_sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, _sorted.Length - 1);
        return _sorted[lower] + (position - lower) * (_sorted[upper] - _sorted[lower]);
    }

    /// <summary>Share of values strictly above <paramref name="threshold"/>.</summary>
    public double ShareAbove(double threshold) => _sorted.Count(v => v > threshold) / (double)_sorted.Length;

    /// <summary>Share of values strictly below <paramref name="threshold"/>.</summary>
    public double ShareBelow(double threshold) => _sorted.Count(v => v < threshold) / (double)_sorted.Length;

    /// <summary>
    /// Measures the baseline in a feature space: up to <paramref name="maxProbes"/> training rows (evenly spaced, so it is
    /// deterministic) are searched against all training rows, skipping themselves.
    /// </summary>
    public static NeighbourBaseline Of(NearestNeighbourSearch training, FeatureMatrix trainingFeatures, int maxProbes = 1000)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(trainingFeatures);
        if (trainingFeatures.Count < 2)
        {
            throw new ArgumentException("trainingFeatures: a nearest *other* image needs at least 2 images", nameof(trainingFeatures));
        }

        var probeCount = Math.Min(maxProbes, trainingFeatures.Count);
        var probes = Enumerable.Range(0, probeCount).Select(i => (int)((long)i * trainingFeatures.Count / probeCount)).ToArray();
        var rows = new float[probeCount * trainingFeatures.Dimension];
        for (var i = 0; i < probeCount; i++)
        {
            trainingFeatures.Row(probes[i]).CopyTo(rows.AsSpan(i * trainingFeatures.Dimension));
        }

        var neighbours = training.NearestK(new FeatureMatrix(rows, probeCount, trainingFeatures.Dimension), 1, probes);
        return new NeighbourBaseline(neighbours.Select(n => n[0].Value).ToArray(), training.Metric);
    }
}

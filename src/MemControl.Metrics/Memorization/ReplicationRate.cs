using MemControl.Metrics.Features;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Replication rate (Somepalli et al. 2023): the fraction of generations whose nearest training image has cosine
/// similarity above a threshold, reported next to the train-to-train baseline (<see cref="NeighbourBaseline"/>) and
/// with the threshold actually used.
/// </summary>
public static class ReplicationRate
{
    /// <param name="generated">Features of the generations.</param>
    /// <param name="training">A <see cref="NeighbourMetric.Cosine"/> search over the training features.</param>
    /// <param name="baseline">The train-to-train baseline in the same features (cosine).</param>
    /// <param name="threshold">Default <see cref="ReplicationThreshold.Sscd"/>.</param>
    public static ReplicationResult Measure(FeatureMatrix generated, NearestNeighbourSearch training, NeighbourBaseline baseline,
        ReplicationThreshold? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(baseline);
        if (training.Metric != NeighbourMetric.Cosine || baseline.Metric != NeighbourMetric.Cosine)
        {
            throw new ArgumentException("training/baseline: replication needs Cosine searches");
        }

        var (value, source) = (threshold ?? ReplicationThreshold.Sscd).Resolve(baseline);
        var nearest = training.Nearest(generated);
        var rate = nearest.Count(n => n.Value > value) / (double)nearest.Length;
        return new ReplicationResult(rate, value, source, baseline.ShareAbove(value), nearest);
    }
}

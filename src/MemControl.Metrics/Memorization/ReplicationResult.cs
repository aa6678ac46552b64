namespace MemControl.Metrics.Memorization;

/// <summary>The replication rate and what it should be read against.</summary>
/// <param name="Rate">Share of generations whose nearest training image has cosine similarity &gt; <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The threshold used.</param>
/// <param name="ThresholdSource">Where the threshold came from.</param>
/// <param name="BaselineRate">Share of probed training images whose nearest <i>other</i> training image passes the same threshold
/// (if this is high, the threshold does not separate copies from merely similar images in this feature space).</param>
/// <param name="Nearest">Per generation, its nearest training image and their cosine similarity.</param>
public sealed record ReplicationResult(
    double Rate, double Threshold, string ThresholdSource, double BaselineRate, IReadOnlyList<Neighbour> Nearest);

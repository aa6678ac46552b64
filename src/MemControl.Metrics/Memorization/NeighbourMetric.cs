namespace MemControl.Metrics.Memorization;

/// <summary>How nearness between feature vectors is measured.</summary>
public enum NeighbourMetric
{
    /// <summary>Cosine similarity; nearest = largest. Replication (Somepalli et al.).</summary>
    Cosine,

    /// <summary>|cosine similarity|; nearest = largest. AMD (Bai et al.) uses 1 − |cos|.</summary>
    AbsoluteCosine,

    /// <summary>Euclidean (L2) distance; nearest = smallest.</summary>
    Euclidean,
}

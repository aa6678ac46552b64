namespace MemControl.Metrics.Memorization;

/// <summary>
/// One training vector found for a query: its row index and the measure under the search's metric
/// (a similarity for the cosine metrics, a distance for Euclidean), recomputed exactly in float64.
/// </summary>
public readonly record struct Neighbour(int Index, double Value);

namespace MemControl.Metrics.Quality;

/// <summary>
/// A KID estimate: the mean over subsets of the unbiased MMD² and its spread over subsets. The spread says how much
/// the subset draw moves the figure; it is not a confidence interval over the data (subsets overlap), so intervals
/// across training seeds still come from <see cref="Statistics.MeanInterval.StudentT"/>.
/// </summary>
/// <param name="Mean">KID: mean of <paramref name="SubsetValues"/>.</param>
/// <param name="StandardDeviation">Their standard deviation with the 1/k divisor, as torchmetrics reports it.</param>
/// <param name="SubsetSize">Vectors drawn from each set per subset.</param>
/// <param name="SubsetValues">The unbiased MMD² of each subset, in draw order.</param>
public sealed record KernelDistanceResult(double Mean, double StandardDeviation, int SubsetSize, IReadOnlyList<double> SubsetValues)
{
    /// <summary>Number of subsets averaged.</summary>
    public int SubsetCount => SubsetValues.Count;
}

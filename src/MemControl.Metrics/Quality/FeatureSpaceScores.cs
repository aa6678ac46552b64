namespace MemControl.Metrics.Quality;

/// <summary>
/// The feature-space figures of one evaluation, labelled with their feature space so a ResNet-18 FD is never mistaken
/// for published (InceptionV3) FID.
/// </summary>
/// <param name="FeatureSpace">e.g. "ResNet18".</param>
/// <param name="FrechetDistance">FD between real and generated features.</param>
/// <param name="AverageMinimumDistance">AMD of generated against training features.</param>
/// <param name="MiFid">FD / d_thr.</param>
/// <param name="RealCount">Real images fitted (FD is comparable only at equal counts).</param>
/// <param name="GeneratedCount">Generated images fitted.</param>
public sealed record FeatureSpaceScores(
    string FeatureSpace, double FrechetDistance, double AverageMinimumDistance, double MiFid, int RealCount, int GeneratedCount)
{
    /// <summary>KID (unbiased MMD², cubic kernel; Bińkowski et al. 2018): the mean over random subsets — unlike FD, unbiased at small samples.</summary>
    public double? KernelDistance { get; init; }

    /// <summary>KID's standard deviation over its subsets.</summary>
    public double? KernelDistanceStandardDeviation { get; init; }

    /// <summary>The FD's label in reports: "FD-" + the feature space, e.g. "FD-ResNet18".</summary>
    public string FrechetDistanceName => $"FD-{FeatureSpace}";
}

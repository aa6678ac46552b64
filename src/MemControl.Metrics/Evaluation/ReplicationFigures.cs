namespace MemControl.Metrics.Evaluation;

/// <summary>
/// The replication rate (Somepalli et al.) with the threshold used and what it is read against: the share of
/// train-to-train nearest-other pairs that pass the same threshold. Also at the published 0.5, which was set for SSCD
/// features, not the features used here.
/// </summary>
/// <param name="Rate">Share of generations whose nearest training image has cosine &gt; <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The cosine threshold used.</param>
/// <param name="ThresholdSource">Fixed by the user, or the baseline quantile it was calibrated at.</param>
/// <param name="BaselineRate">Share of training images whose nearest other training image passes <paramref name="Threshold"/>.</param>
/// <param name="RateAtSscdThreshold">The rate at 0.5.</param>
/// <param name="BaselineRateAtSscdThreshold">The baseline share at 0.5.</param>
/// <param name="BaselineMedianCosine">Median train-to-train nearest-other cosine.</param>
/// <param name="BaselineMaximumCosine">Largest train-to-train nearest-other cosine.</param>
public sealed record ReplicationFigures(
    double Rate, double Threshold, string ThresholdSource, double BaselineRate, double RateAtSscdThreshold, double BaselineRateAtSscdThreshold,
    double BaselineMedianCosine, double BaselineMaximumCosine);

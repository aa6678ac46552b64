namespace MemControl.Workflow.Audit;

/// <summary>
/// Replication rate (Somepalli et al.) at the threshold used and at their fixed 0.5 (an SSCD threshold), each beside
/// the share of real, distinct training images that pass the same threshold against their nearest other training
/// image (the <c>bg_</c> baseline): a rate means something only well above its baseline rate.
/// </summary>
public sealed record ReplicationSummary(
    double Rate,
    double Threshold,
    string ThresholdSource,
    double BaselineRate,
    double RateAtSscdThreshold,
    double BaselineRateAtSscdThreshold,
    double BaselineMedianCosine,
    double BaselineMaximumCosine);

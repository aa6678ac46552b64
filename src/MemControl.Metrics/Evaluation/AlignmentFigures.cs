namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Alignment (docs/decisions.md §8): how often a findings classifier trained on the real training images reads in a generation the
/// findings its prompt asks for; the same classifier on the held-out real images is the ceiling to read it against.
/// </summary>
/// <param name="Findings">The 0/1 label columns used.</param>
/// <param name="LabelAgreement">Generated: mean over images and findings of [read == asked].</param>
/// <param name="ExactMatchRate">Generated: share of images whose every finding reads as asked.</param>
/// <param name="RealLabelAgreement">The held-out real images' label agreement (the classifier's own accuracy).</param>
/// <param name="ClassifierFinalLoss">The classifier's last training epoch loss.</param>
public sealed record AlignmentFigures(
    IReadOnlyList<string> Findings, double LabelAgreement, double ExactMatchRate, double RealLabelAgreement, double ClassifierFinalLoss);

using MemControl.Metrics.Statistics;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// The memorization-set figures (docs/decisions.md §8): the extraction attack and copying, with their thresholds and how those
/// thresholds sit against the training set itself.
/// </summary>
/// <param name="Prompts">Memorization prompts evaluated.</param>
/// <param name="SamplesPerPrompt">Samples per prompt.</param>
/// <param name="Extracted">Prompts whose samples formed a linked group (the paper's "extracted images").</param>
/// <param name="ExtractedMatchingTraining">Extracted prompts whose group holds a sample within τ of the prompt's own training image.</param>
/// <param name="ExtractionThreshold">τ of the extraction attack (max-tile RMS, [0, 1] scale).</param>
/// <param name="TrainingShareLinkedAtExtractionThreshold">Share of probed training images within τ of another training image:
/// linked groups mean copying only when this is small.</param>
/// <param name="MeanCopiedShare">Copying: mean over prompts of the share of samples copying their own training image.</param>
/// <param name="PromptsWithCopy">Copying: prompts with at least one copying sample.</param>
/// <param name="CopyingThreshold">Copying τ (RMS, [0, 1] scale).</param>
/// <param name="CopyingThresholdBelowTrainingNeighbours">Whether τ lies below every memorization image's nearest other training image.</param>
public sealed record MemorizationFigures(
    int Prompts, int SamplesPerPrompt, int Extracted, int ExtractedMatchingTraining, double ExtractionThreshold,
    double TrainingShareLinkedAtExtractionThreshold, double MeanCopiedShare, int PromptsWithCopy, double CopyingThreshold,
    bool CopyingThresholdBelowTrainingNeighbours)
{
    /// <summary>
    /// Mean over memorization prompts of the own rank: the share of other training images nearer a generation than its
    /// own image (0 = always its own, 0.5 = no closer to its own than to any other), with a bootstrap interval over
    /// prompts. Unlike AMD it does not move with image quality (docs/memorization-metrics.md, "Own versus other").
    /// </summary>
    public IntervalEstimate? OwnRank { get; init; }

    /// <summary>Share of memorization prompts with a generation nearer its own image than half the nearest other's (own-versus-other copies), with its interval.</summary>
    public IntervalEstimate? CopiedPromptShare { get; init; }
}

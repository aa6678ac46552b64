namespace MemControl.Metrics.Evaluation;

/// <summary>One memorization prompt's verdicts (for flagging memorized prompts in reports).</summary>
/// <param name="PromptIndex">Its position in the memorization set.</param>
/// <param name="Prompt">The caption.</param>
/// <param name="TrainingIndex">Row of its own training image.</param>
/// <param name="TrainingId">That image's id.</param>
/// <param name="Extracted">The extraction attack found a linked group among its samples.</param>
/// <param name="ExtractedMatchesTraining">Extracted, with a group member within τ of its own image.</param>
/// <param name="CopiedShare">Share of samples copying its own image.</param>
/// <param name="MinimumOwnRms">Closest sample's RMS to its own image.</param>
/// <param name="OwnNearestOtherRms">Its own image's RMS to the nearest other training image.</param>
/// <param name="DenoisingStrength">Mean denoising strength of its samples (null for injected images).</param>
public sealed record MemorizationPromptDetail(
    int PromptIndex, string Prompt, int TrainingIndex, string TrainingId, bool Extracted, bool ExtractedMatchesTraining, double CopiedShare,
    double MinimumOwnRms, double OwnNearestOtherRms, double? DenoisingStrength);

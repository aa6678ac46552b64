namespace MemControl.Metrics.Memorization;

/// <summary>Copying of one memorization prompt's samples.</summary>
/// <param name="PromptIndex">Position of the prompt in the input.</param>
/// <param name="OwnTrainingIndex">Row of its own training image.</param>
/// <param name="CopiedShare">Share of samples within τ of the own image whose nearest training image is the own one.</param>
/// <param name="MinimumOwnRms">Closest sample's RMS to the own image ([0, 1] scale).</param>
/// <param name="MeanOwnRms">Mean over samples of the RMS to the own image.</param>
/// <param name="OwnNearestOtherRms">RMS from the own training image to its nearest other training image (τ should sit below it).</param>
public sealed record PromptCopying(
    int PromptIndex, int OwnTrainingIndex, double CopiedShare, double MinimumOwnRms, double MeanOwnRms, double OwnNearestOtherRms);

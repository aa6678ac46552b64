namespace MemControl.Metrics.Memorization;

/// <summary>Copying over the memorization prompts (docs/decisions.md §8, "ground truth where the training image is known").</summary>
public sealed record CopyingResult(IReadOnlyList<PromptCopying> Prompts, double Threshold)
{
    /// <summary>Mean over prompts of the copied share.</summary>
    public double MeanCopiedShare => Prompts.Average(p => p.CopiedShare);

    /// <summary>Prompts with at least one copied sample (the prototype's mem@τ).</summary>
    public int PromptsWithCopy => Prompts.Count(p => p.CopiedShare > 0);

    /// <summary>
    /// Calibration check: τ lies below every prompt's own-image-to-nearest-other distance, so a sample within τ of its
    /// own image cannot equally be within τ of a different real image.
    /// </summary>
    public bool ThresholdBelowTrainingNeighbours => Prompts.All(p => Threshold < p.OwnNearestOtherRms);
}

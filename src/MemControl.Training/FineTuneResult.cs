namespace MemControl.Training;

/// <summary>What a fine-tuning did.</summary>
/// <param name="Steps">Optimizer steps taken in total (including those before a resume).</param>
/// <param name="Losses">The loss of every step, in order (NaN for a step whose batch was emptied by the threshold).</param>
/// <param name="EmptiedBatches">Steps with no update because the threshold mitigation dropped every sample.</param>
/// <param name="DroppedSamples">Samples dropped by the threshold mitigation, over all steps.</param>
/// <param name="SkippedImages">Images that failed to decode and were skipped (file and reason).</param>
/// <param name="ResumedFromStep">The checkpoint step the run continued from, or 0.</param>
/// <param name="Seconds">Wall time of this run (not counting earlier runs before a resume).</param>
public sealed record FineTuneResult(
    int Steps,
    IReadOnlyList<double> Losses,
    int EmptiedBatches,
    long DroppedSamples,
    IReadOnlyList<string> SkippedImages,
    int ResumedFromStep,
    double Seconds);

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// A training run stopped by its cancellation token (Ctrl+C): how far it got and the checkpoint a resume would
/// continue from, so a caller can say what is kept.
/// </summary>
/// <param name="lastStep">The last step that finished.</param>
/// <param name="checkpointStep">The step of the last checkpoint in the run folder, or null when none was written.</param>
/// <param name="inner">The cancellation.</param>
public sealed class TrainingInterruptedException(int lastStep, int? checkpointStep, OperationCanceledException inner)
    : OperationCanceledException(
        $"interrupted at step {lastStep}; "
        + (checkpointStep is { } k ? $"the last checkpoint is step {k}" : "no checkpoint was written yet"),
        inner,
        inner.CancellationToken)
{
    public int LastStep { get; } = lastStep;

    public int? CheckpointStep { get; } = checkpointStep;
}

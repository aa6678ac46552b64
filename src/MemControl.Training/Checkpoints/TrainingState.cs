namespace MemControl.Training.Checkpoints;

/// <summary>The bookkeeping a checkpoint needs besides tensors (saved as <c>state.json</c>).</summary>
/// <param name="Step">Optimizer steps completed when the checkpoint was written.</param>
/// <param name="Seed">The run's seed: a resume with another seed would not continue the same run.</param>
/// <param name="TrainableCount">Trainable values of the adapter, to refuse a checkpoint of another method or mask.</param>
/// <param name="Losses">Every step's loss so far.</param>
/// <param name="EmptiedBatches">Steps emptied by the threshold so far.</param>
/// <param name="DroppedSamples">Samples dropped by the threshold so far.</param>
public sealed record TrainingState(
    int Step,
    int Seed,
    long TrainableCount,
    IReadOnlyList<double> Losses,
    int EmptiedBatches,
    long DroppedSamples);

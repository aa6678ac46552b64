using MemControl.Training;

namespace MemControl.Workflow.FineTuning;

/// <summary>What <see cref="TrainRunner.Run"/> leaves: the fine-tuner's result and the files it wrote into the run folder.</summary>
/// <param name="Result">Steps, losses, time, resumed step, threshold counts, skipped images.</param>
/// <param name="TrainableCount">Values the adapter trained.</param>
/// <param name="SvdsComputed">SV-DIFF weights decomposed by this run (0 when it read them all from its svd-cache/, or trains no SV-DIFF).</param>
/// <param name="Written">The adapter and report files, by name.</param>
public sealed record TrainOutcome(FineTuneResult Result, long TrainableCount, int SvdsComputed, IReadOnlyList<string> Written);

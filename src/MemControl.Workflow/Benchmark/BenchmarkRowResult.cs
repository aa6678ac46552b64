using MemControl.Metrics.Statistics;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// What one finished row left in <c>rows/&lt;id&gt;/result.json</c>: its settings, its metrics at the end of training
/// and, with <c>--curve-every</c>, at the intermediate steps. Its presence marks the row as done (resume skips it).
/// </summary>
/// <param name="Row">The row id (<see cref="BenchmarkRow.Id"/>).</param>
/// <param name="Label">The row's label as the table shows it.</param>
/// <param name="Method">The PEFT method trained (for the searched mask: the mask's method).</param>
/// <param name="Variant">The method variant, if any.</param>
/// <param name="Mask">The mask bits trained through, or null.</param>
/// <param name="Mitigation">none, rwa, rwa-official, threshold:τ or threshold:auto.</param>
/// <param name="TrainableCount">Values the adapter trains (0 for Freeze).</param>
/// <param name="Steps">Optimizer steps taken (0 for Freeze).</param>
/// <param name="FinalLoss">Loss of the last step with an update, or null.</param>
/// <param name="TrainSeconds">Wall time of the training (this run; not earlier interrupted runs).</param>
/// <param name="EvaluateSeconds">Wall time of the evaluations of this row.</param>
/// <param name="Metrics">The metrics of the final adapter.</param>
/// <param name="Curve">Metrics of intermediate adapters, by step; empty without <c>--curve-every</c>.</param>
public sealed record BenchmarkRowResult(
    string Row,
    string Label,
    string Method,
    string? Variant,
    string? Mask,
    string Mitigation,
    long TrainableCount,
    int Steps,
    double? FinalLoss,
    double TrainSeconds,
    double EvaluateSeconds,
    RowMetrics Metrics,
    IReadOnlyList<CurvePoint> Curve)
{
    /// <summary>Version of the result.json layout; bumped when a field changes meaning.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>
    /// Over several seeds: per column key (<see cref="BenchmarkColumn.Key"/>), the mean with its 95 % Student-t interval;
    /// <see cref="Metrics"/> then holds the means. Null for a single seed.
    /// </summary>
    public IReadOnlyDictionary<string, IntervalEstimate>? Intervals { get; init; }

    /// <summary>Over several seeds: each seed's metrics, in <see cref="BenchmarkResults.Seeds"/> order.</summary>
    public IReadOnlyList<RowMetrics>? PerSeed { get; init; }

    /// <summary>The learning rate the row trained at (null for Freeze, and in results written before it was recorded).</summary>
    public double? LearningRate { get; init; }
}

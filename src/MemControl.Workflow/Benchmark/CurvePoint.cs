using MemControl.Metrics.Statistics;

namespace MemControl.Workflow.Benchmark;

/// <summary>An intermediate adapter of a row, evaluated after <paramref name="Step"/> optimizer steps (docs/decisions.md §10 curves).</summary>
/// <param name="Step">Optimizer steps taken when the adapter was saved.</param>
/// <param name="Metrics">Its metrics (over several seeds: their means).</param>
public sealed record CurvePoint(int Step, RowMetrics Metrics)
{
    /// <summary>Over several seeds: per column key, the mean with its 95 % Student-t interval; null for one seed.</summary>
    public IReadOnlyDictionary<string, IntervalEstimate>? Intervals { get; init; }
}

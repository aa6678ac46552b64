namespace MemControl.Workflow.Benchmark;

/// <summary>An intermediate adapter of a row, evaluated after <paramref name="Step"/> optimizer steps (docs/decisions.md §10 curves).</summary>
public sealed record CurvePoint(int Step, RowMetrics Metrics);

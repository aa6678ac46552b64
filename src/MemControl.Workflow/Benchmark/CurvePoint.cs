namespace MemControl.Workflow.Benchmark;

/// <summary>An intermediate adapter of a row, evaluated after <paramref name="Step"/> optimizer steps (SPEC §10 curves).</summary>
public sealed record CurvePoint(int Step, RowMetrics Metrics);

namespace MemControl.Workflow.Benchmark;

/// <summary>One line of a <see cref="BenchmarkTable"/>: the row, its value per column and whether it is that column's best.</summary>
public sealed record BenchmarkTableLine(string Id, string Label, IReadOnlyList<double?> Values, IReadOnlyList<bool> Best);

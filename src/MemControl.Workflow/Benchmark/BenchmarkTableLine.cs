namespace MemControl.Workflow.Benchmark;

/// <summary>One line of a <see cref="BenchmarkTable"/>: the row, its value per column and whether it is that column's best.</summary>
public sealed record BenchmarkTableLine(string Id, string Label, IReadOnlyList<double?> Values, IReadOnlyList<bool> Best)
{
    /// <summary>Per column, the half-width of the value's interval over seeds (null: one seed, or not measured).</summary>
    public IReadOnlyList<double?>? HalfWidths { get; init; }

    public string Display(BenchmarkColumn column, int c) => column.Display(Values[c], HalfWidths?[c]);
}

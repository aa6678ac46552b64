namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The benchmark table as values: one line per finished row, one value per <see cref="BenchmarkColumn"/>, and which
/// cells are the best of their column (in the column's direction; ties are all best; a column with fewer than two
/// measured rows, or with every row equal, marks nothing: no row is better than another there).
/// </summary>
public sealed class BenchmarkTable
{
    private BenchmarkTable(IReadOnlyList<BenchmarkTableLine> lines, IReadOnlyList<BenchmarkColumn> columns)
    {
        Lines = lines;
        Columns = columns;
    }

    public IReadOnlyList<BenchmarkTableLine> Lines { get; }

    public IReadOnlyList<BenchmarkColumn> Columns { get; }

    public static BenchmarkTable From(IEnumerable<BenchmarkRowResult> rows)
    {
        var list = rows.ToList();
        var table = From(list.Select(row => (row.Row, row.Label, row.Metrics)).ToList(), BenchmarkColumn.All);
        if (list.All(row => row.Intervals is null))
        {
            return table;
        }

        // Rows measured over several seeds show each mean with its interval's half-width.
        var lines = table.Lines.Select((line, r) => line with
        {
            HalfWidths = [.. table.Columns.Select(column => list[r].Intervals?.GetValueOrDefault(column.Key)?.HalfWidth)],
        }).ToList();
        return new BenchmarkTable(lines, table.Columns);
    }

    /// <summary>A table of labelled metrics (the rows' ids, labels and metrics) over <paramref name="columns"/>.</summary>
    public static BenchmarkTable From(IReadOnlyList<(string Id, string Label, RowMetrics Metrics)> rows, IReadOnlyList<BenchmarkColumn> columns)
    {
        var values = rows.Select(row => columns.Select(column => column.Value(row.Metrics)).ToArray()).ToArray();
        var best = rows.Select(_ => new bool[columns.Count]).ToArray();
        for (var c = 0; c < columns.Count; c++)
        {
            var measured = values.Select(v => v[c]).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
            if (measured.Count < 2 || measured.Min() == measured.Max())
            {
                continue;
            }

            var target = columns[c].LowerIsBetter ? measured.Min() : measured.Max();
            for (var r = 0; r < rows.Count; r++)
            {
                best[r][c] = values[r][c] == target;
            }
        }

        var lines = rows.Select((row, r) => new BenchmarkTableLine(row.Id, row.Label, values[r], best[r])).ToList();
        return new BenchmarkTable(lines, columns);
    }
}

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The quality–memorization plane of the benchmark (docs/decisions.md §10: points *and* curves): FD (x, lower is better) against
/// AMD (y, higher = less memorization), one point per row and, for rows with intermediate adapters, the path through
/// them in step order ending at the final adapter.
/// </summary>
public static class CurvePlot
{
    public const int Width = 900;
    public const int Height = 600;

    /// <summary>The plot, or null when no row has both FD and AMD.</summary>
    public static byte[]? Png(IReadOnlyList<BenchmarkRowResult> rows)
    {
        var drawn = rows.Where(row => row.Metrics is { Fd: not null, Amd: not null }).ToList();
        if (drawn.Count == 0)
        {
            return null;
        }

        var plot = new ScottPlot.Plot();
        plot.Font.Set("DejaVu Sans");
        foreach (var row in drawn)
        {
            var path = row.Curve
                .Where(point => point.Metrics is { Fd: not null, Amd: not null })
                .OrderBy(point => point.Step)
                .Select(point => (X: point.Metrics.Fd!.Value, Y: point.Metrics.Amd!.Value))
                .Append((X: row.Metrics.Fd!.Value, Y: row.Metrics.Amd!.Value))
                .ToArray();
            var line = plot.Add.Scatter(path.Select(p => p.X).ToArray(), path.Select(p => p.Y).ToArray());
            line.LegendText = path.Length > 1 ? $"{row.Label} (steps {string.Join(", ", row.Curve.Select(p => p.Step))}, {row.Steps})" : row.Label;
            line.MarkerSize = 7;
            line.LineWidth = path.Length > 1 ? 1.5f : 0;
        }

        plot.Title("Quality vs memorization per row (curves: intermediate adapters)");
        plot.XLabel("FD (lower = better quality)");
        plot.YLabel("AMD (higher = less memorization)");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
    }
}

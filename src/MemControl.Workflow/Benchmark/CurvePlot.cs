namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The quality–memorization plane of the benchmark (docs/decisions.md §10: points *and* curves): FD (x, lower is better)
/// against the plane's memorization measure (y, higher = less memorization; own rank where measured), one path per row
/// through its intermediate adapters in step order ending at the final one (labelled), and the front over every
/// (row, step) point as a dashed line.
/// </summary>
public static class CurvePlot
{
    public const int Width = 900;
    public const int Height = 600;

    /// <summary>The plot, or null when no row has FD and a memorization measure.</summary>
    public static byte[]? Png(IReadOnlyList<BenchmarkRowResult> rows)
    {
        if (QualityMemorizationPlane.Of(rows) is not { } plane)
        {
            return null;
        }

        var plot = new ScottPlot.Plot();
        plot.Font.Set("DejaVu Sans");
        foreach (var path in plane.Points.GroupBy(point => point.Row))
        {
            var points = path.OrderBy(point => point.Step).ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.Fd).ToArray(), points.Select(p => p.Memorization).ToArray());
            var label = points[^1].Label;
            line.LegendText = points.Length > 1 ? $"{label} (steps {string.Join(", ", points.Select(p => p.Step))})" : label;
            line.MarkerSize = 7;
            line.LineWidth = points.Length > 1 ? 1.5f : 0;
            var final = points[^1];
            var text = plot.Add.Text(label, final.Fd, final.Memorization);
            text.LabelFontSize = 10;
            text.LabelFontColor = line.Color;
        }

        var front = plot.Add.Scatter(plane.Front.Select(p => p.Fd).ToArray(), plane.Front.Select(p => p.Memorization).ToArray());
        front.LegendText = "front over all (row, step) points";
        front.LinePattern = ScottPlot.LinePattern.Dashed;
        front.LineWidth = 1;
        front.MarkerSize = 0;
        front.Color = ScottPlot.Colors.Gray;

        plot.Title("Quality vs memorization: every row's path over training steps");
        plot.XLabel("FD (lower = better quality)");
        plot.YLabel(char.ToUpperInvariant(plane.MeasureName[0]) + plane.MeasureName[1..]);
        // Lower right: poor quality *and* copying, the corner no fine-tuning ends in (Freeze sits upper right, copying
        // rows lower left), so the legend covers no point there.
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        return plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
    }
}

namespace MemControl.Workflow.Search;

/// <summary>
/// The scatter plot of a search (docs/decisions.md §7) as a PNG (ScottPlot, as <c>train</c>'s loss plot): every complete trial,
/// coloured by method, the Pareto front as a line through its points, the vanilla methods (every bit 1) as triangles
/// and the picked trial as a star.
/// </summary>
public static class ParetoPlot
{
    public const int Width = 1100;
    public const int Height = 600;

    public static byte[] Png(SearchFront front, string memorizationLabel)
    {
        var plot = new ScottPlot.Plot();

        // docs/dependencies.md §4: without this the default "sans" resolves to DejaVu Serif and some glyphs to tofu.
        plot.Font.Set("DejaVu Sans");
        var palette = new ScottPlot.Palettes.Category10();
        var methods = front.All.Select(p => p.Method).Distinct().ToList();
        for (var m = 0; m < methods.Count; m++)
        {
            var points = front.All.Where(p => p.Method == methods[m]).ToList();
            var trials = plot.Add.Markers(points.Select(p => p.Memorization).ToArray(), points.Select(p => p.Fd).ToArray(),
                ScottPlot.MarkerShape.FilledCircle, 7, palette.GetColor(m).WithAlpha(0.55));
            trials.LegendText = $"{methods[m]} trials";

            var vanilla = points.Where(p => p.Vanilla).ToList();
            if (vanilla.Count > 0)
            {
                var marked = plot.Add.Markers(vanilla.Select(p => p.Memorization).ToArray(), vanilla.Select(p => p.Fd).ToArray(),
                    ScottPlot.MarkerShape.FilledTriangleUp, 14, palette.GetColor(m));
                marked.LegendText = $"{methods[m]} vanilla";
            }
        }

        var line = plot.Add.Scatter(front.Front.Select(p => p.Memorization).ToArray(), front.Front.Select(p => p.Fd).ToArray());
        line.Color = ScottPlot.Colors.Black;
        line.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
        line.MarkerSize = 12;
        line.LineWidth = 1.5f;
        line.LegendText = "Pareto front";

        var picked = plot.Add.Markers(new[] { front.Picked.Memorization }, new[] { front.Picked.Fd }, ScottPlot.MarkerShape.FilledDiamond, 16, ScottPlot.Colors.Red);
        picked.LegendText = $"picked ({front.Picked.Method} trial {front.Picked.Trial})";

        // Beside the data, not on it: inside, whichever corner it took covered some search's front or pick (upper right
        // hid the attention demo's vanilla marker, lower left the DiffFit demo's whole front).
        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.Title("MemControl search: all trials, front and pick");
        plot.XLabel($"memorization ({memorizationLabel}, lower is better)");
        plot.YLabel("FD-ResNet18 on validation prompts (lower is better)");
        return plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
    }
}

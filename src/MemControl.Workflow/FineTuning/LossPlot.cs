namespace MemControl.Workflow.FineTuning;

/// <summary>The training-loss curve as a PNG (ScottPlot), for a look at a run without opening losses.csv.</summary>
public static class LossPlot
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>
    /// A line of loss against step (1-based). Steps without an update (loss NaN: the threshold mitigation emptied the
    /// batch) are left out rather than drawn as gaps.
    /// </summary>
    public static byte[] Png(IReadOnlyList<double> losses, string title)
    {
        var points = losses.Select((loss, index) => (Step: index + 1.0, Loss: loss)).Where(p => double.IsFinite(p.Loss)).ToArray();
        var plot = new ScottPlot.Plot();

        // docs/dependencies.md §4: without this the default "sans" resolves to DejaVu Serif and some glyphs to tofu.
        plot.Font.Set("DejaVu Sans");
        if (points.Length > 0)
        {
            var line = plot.Add.Scatter(points.Select(p => p.Step).ToArray(), points.Select(p => p.Loss).ToArray());
            line.MarkerSize = points.Length == 1 ? 5 : 0;
        }

        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss (MSE)");
        return plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
    }
}


using MemControl.Workflow.Benchmark;

namespace MemControl.Workflow.Reports;

/// <summary>The benchmark (paper Table 1 on this data): the table, the quality–memorization plot and each row's samples.</summary>
public static class BenchmarkSection
{
    public const string RowGrid = "grid.png";

    /// <summary>Width the rows' sample grids are enlarged to (smaller than the main grid: there is one per row).</summary>
    private const int RowGridWidth = 200;

    public static void Add(ReportPage page, RunFolder run, BenchmarkResults? results)
    {
        page.Heading("Benchmark: every method on this data (paper Table 1)");
        if (results is null)
        {
            page.Paragraph("No benchmark in this run folder (benchmark/results.json).", note: true);
            return;
        }

        var table = BenchmarkTable.From(results.Rows);
        page.Paragraph(BenchmarkOutputs.Legend(results));
        page.Table(BenchmarkTableFormats.HtmlHeader(table), BenchmarkTableFormats.HtmlRows(table), BenchmarkTableFormats.Markdown(table));
        if (results.Findings is { Count: > 0 } findings)
        {
            page.Paragraph($"What the {results.Seeds?.Count ?? 1} seeds show, read against Full FT (a difference counts only where the 95 % intervals do not overlap):");
            foreach (var finding in findings)
            {
                page.Paragraph(finding);
            }
        }
        else if (results.Seeds is not { Count: > 1 })
        {
            page.Paragraph("One seed: the table's differences carry no interval, and another seed can reorder close rows. Run the benchmark with several seeds (--seeds 0,1,2) before drawing conclusions.", note: true);
        }

        // Recomputed from the rows, so a results.json written before comparisons existed is still answered.
        var comparisons = results.Comparisons ?? BenchmarkComparisons.Of(results.Rows);
        if (comparisons.Count > 0)
        {
            page.Paragraph("The searched mask against every other row, and against full fine-tuning stopped early:");
            foreach (var comparison in comparisons)
            {
                page.Paragraph(comparison);
            }
        }

        if (run.Has(RunFiles.BenchmarkCurves))
        {
            page.Image(File.ReadAllBytes(run.Full(RunFiles.BenchmarkCurves)), "FD against the memorization measure per row, paths through intermediate adapters, and the front over all of them", RunFiles.BenchmarkCurves);
        }
        else if (results.CurveEvery <= 0)
        {
            page.Paragraph("Only final adapters were evaluated: with intermediate ones (benchmark --curve-every N) the plot shows each row's path over training and early-stopped full fine-tuning as a competitor.", note: true);
        }

        // One small grid per row side by side with its label, so rows can be compared at a glance.
        var samples = results.Rows
            .Select(row => (row.Label, Grid: results.Seeds is { Count: > 1 } seeds
                ? $"benchmark/seed-{seeds[0]}/rows/{row.Row}/{RowGrid}"
                : $"{RunFiles.BenchmarkRows}/{row.Row}/{RowGrid}"))
            .Where(row => run.Has(row.Grid))
            .Select(row => (IReadOnlyList<HtmlCell>)[row.Label, HtmlCell.Picture(PictureEnlarger.ForDisplay(File.ReadAllBytes(run.Full(row.Grid)), RowGridWidth), $"samples of {row.Label} ({row.Grid})")])
            .ToList();
        if (samples.Count > 0)
        {
            page.Paragraph("Samples of each row on the held-out prompts (one line per prompt):");
            page.Table(["row", "samples"], samples);
        }
    }
}

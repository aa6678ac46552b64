using MemControl.Cli.Commands.Benchmark;

namespace MemControl.Cli.Commands.Report;

/// <summary>The benchmark (paper Table 1 on this data): the table, the quality–memorization plot and each row's samples.</summary>
public static class BenchmarkSection
{
    public const string RowGrid = "grid.png";

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
        if (run.Has(RunFiles.BenchmarkCurves))
        {
            page.Image(File.ReadAllBytes(run.Full(RunFiles.BenchmarkCurves)), "FD against AMD per row, with paths through intermediate adapters", RunFiles.BenchmarkCurves);
        }

        foreach (var row in results.Rows)
        {
            var grid = $"{RunFiles.BenchmarkRows}/{row.Row}/{RowGrid}";
            if (run.Has(grid))
            {
                page.Paragraph($"Samples of {row.Label}:");
                page.Image(File.ReadAllBytes(run.Full(grid)), $"samples of {row.Label}", grid);
            }
        }
    }
}

using System.Globalization;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Writes the benchmark folder's summary files from the finished rows, all-or-nothing: results.json, table.md,
/// table.csv, table.html and (when at least one row has FD and AMD) curves.png.
/// </summary>
public static class BenchmarkOutputs
{
    public const string ResultsFile = "results.json";
    public const string MarkdownFile = "table.md";
    public const string CsvFile = "table.csv";
    public const string HtmlFile = "table.html";
    public const string CurvesFile = "curves.png";

    public const string Title = "MemControl benchmark (paper Table 1)";

    public static BenchmarkResults Results(BenchmarkPlan plan, IReadOnlyList<BenchmarkRowResult> rows) => new(
        plan.Model, plan.Data, plan.Steps, plan.BatchSize, plan.LearningRate, plan.Seed, plan.CurveEvery, rows)
    {
        MethodLearningRates = plan.MethodLearningRates,
        Comparisons = BenchmarkComparisons.Of(rows),
    };

    public static IReadOnlyList<string> Write(string benchmarkFolder, BenchmarkResults results)
    {
        var table = BenchmarkTable.From(results.Rows);
        var findings = (results.Findings ?? []).Concat(results.Comparisons ?? []).ToList();
        var html = new HtmlReport(Title)
            .Paragraph(Legend(results))
            .Table(BenchmarkTableFormats.HtmlHeader(table), BenchmarkTableFormats.HtmlRows(table));
        foreach (var finding in findings)
        {
            html.Paragraph(finding);
        }

        var files = new ReportFiles()
            .AddText(ResultsFile, BenchmarkJson.Serialize(results))
            .AddText(MarkdownFile, $"# {Title}\n\n{Legend(results)}\n\n{TableWithFindings(results)}")
            .AddText(CsvFile, BenchmarkTableFormats.Csv(table))
            .AddText(HtmlFile, html.ToString());
        if (CurvePlot.Png(results.Rows) is { } curves)
        {
            files.Add(CurvesFile, curves);
        }

        return files.WriteTo(benchmarkFolder);
    }

    /// <summary>The Markdown table, then each finding (intervals over seeds) and comparison as its own paragraph: what the commands print.</summary>
    public static string TableWithFindings(BenchmarkResults results) =>
        BenchmarkTableFormats.Markdown(BenchmarkTable.From(results.Rows)) + "\n"
        + string.Concat((results.Findings ?? []).Concat(results.Comparisons ?? []).Select(sentence => $"\n{sentence}\n"));

    /// <summary>The learning rate of each trained row, grouped: "learning rate 0.001 (Full FT, …); 0.01 (DiffFit)".</summary>
    public static string LearningRates(BenchmarkResults results)
    {
        var groups = results.Rows
            .Where(row => row.Steps > 0)
            .GroupBy(row => row.LearningRate ?? results.LearningRate)
            .Select(group => $"{group.Key.ToString("G3", CultureInfo.InvariantCulture)} ({string.Join(", ", group.Select(row => row.Label))})")
            .ToList();
        return groups.Count == 0 ? "nothing trained" : $"learning rate {string.Join("; ", groups)}";
    }

    /// <summary>One sentence saying what the table was made from and how to read it.</summary>
    public static string Legend(BenchmarkResults results) =>
        $"{results.Rows.Count} rows trained on {results.Data} from {results.Model}, {results.Steps} steps of batch {results.BatchSize}, "
        + (results.Seeds is { Count: > 1 } seeds
            ? $"seeds {string.Join(", ", seeds)} (each cell: mean ± half-width of its 95 % Student-t interval over the seeds); "
            : $"seed {results.Seed}; ")
        + $"{LearningRates(results)}. "
        + "Arrows give the better direction of each column; the best value of each column is in bold. A dash: not measured.";
}


using MemControl.Workflow.Benchmark;

namespace MemControl.Workflow.Reports;

/// <summary>
/// The report of a whole run folder for a privacy officer: one self-contained HTML page (images embedded) and the same
/// in Markdown, from whatever parts of the run exist; what it looked for and did not find is listed at the end.
/// </summary>
/// <param name="Html">The HTML page.</param>
/// <param name="Markdown">The Markdown page (images link to the run folder's files).</param>
/// <param name="Missing">Files the report looked for and did not find.</param>
public sealed record RunReport(string Html, string Markdown, IReadOnlyList<string> Missing)
{
    /// <summary>Builds the report of <paramref name="runFolder"/>; a damaged JSON file is an InvalidDataException naming it.</summary>
    public static RunReport Build(string runFolder)
    {
        var run = new RunFolder(runFolder);
        // evaluate's metrics.json wraps the evaluation result in "result" beside what was evaluated (docs/formats.md).
        var evaluation = run.Json(RunFiles.EvaluateMetrics, "evaluation metrics");
        var metrics = JsonPath.Get(evaluation, "result") ?? evaluation;
        var benchmark = run.Has(RunFiles.BenchmarkResults) ? BenchmarkJson.ReadResults(run.Full(RunFiles.BenchmarkResults)) : null;
        if (benchmark is null)
        {
            run.NoteMissing(RunFiles.BenchmarkResults, "benchmark table");
        }

        var train = run.Json(RunFiles.TrainSummary, "training summary");
        var search = run.Json(RunFiles.SearchSummary, "search summary");

        var page = new ReportPage($"Memorization report: {Path.GetFileName(run.Path)}");
        page.Paragraph($"Run folder {run.Path}, report written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.", note: true);
        SummarySection.Add(page, metrics, benchmark);
        DataSection.Add(page, run, train, search, benchmark);
        SearchSection.Add(page, run, search);
        TrainSection.Add(page, run, train);
        EvaluateSection.Add(page, run, metrics);
        BenchmarkSection.Add(page, run, benchmark);

        page.Heading("Missing from this run folder");
        page.Paragraph(run.Missing.Count == 0
            ? "Nothing: every file of the stages this run has was found."
            : $"Not found, so not in this report: {string.Join("; ", run.Missing)}.");
        return new RunReport(page.Html, page.MarkdownText, run.Missing);
    }

    /// <summary>Builds the report and writes report.html and report.md into the run folder (all-or-nothing).</summary>
    public static (RunReport Report, IReadOnlyList<string> Files) Write(string runFolder)
    {
        var report = Build(runFolder);
        var files = new ReportFiles().AddText(RunFiles.Html, report.Html).AddText(RunFiles.Markdown, report.Markdown).WriteTo(runFolder);
        return (report, files);
    }
}

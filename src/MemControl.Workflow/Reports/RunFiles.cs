namespace MemControl.Workflow.Reports;

/// <summary>Where the parts of a run live, relative to the run folder (docs/formats.md).</summary>
public static class RunFiles
{
    public const string Data = "data";
    public const string SearchSummary = "search/search.json";
    public const string SearchFront = "search/front.csv";
    public const string SearchFrontJson = "search/front.json";
    public const string SearchPlot = "search/pareto.png";
    public const string SearchMask = "search/mask.json";
    public const string TrainSummary = "train/train.json";
    public const string TrainLoss = "train/loss.png";
    public const string EvaluateMetrics = "evaluate/metrics.json";
    public const string EvaluateGrid = "evaluate/grid.png";
    public const string EvaluateGallery = "evaluate/gallery.png";
    public const string BenchmarkResults = "benchmark/results.json";
    public const string BenchmarkCurves = "benchmark/curves.png";
    public const string BenchmarkRows = "benchmark/rows";
    public const string Html = "report.html";
    public const string Markdown = "report.md";
}

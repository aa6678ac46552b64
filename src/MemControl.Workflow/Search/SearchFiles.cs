namespace MemControl.Workflow.Search;

/// <summary>The file names a search writes into its folder (docs/formats.md).</summary>
public static class SearchFiles
{
    public const string Mask = "mask.json";

    public const string FrontCsv = "front.csv";

    public const string FrontJson = "front.json";

    public const string Plot = "pareto.png";

    public const string Summary = "search.json";

    public const string Trials = "trials";

    public const string TrialMetrics = "metrics.json";

    public const string TrialSamples = "samples.png";
}

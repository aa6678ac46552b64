using System.Text.Json;
using MemControl.Metrics.Memorization;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Search;

/// <summary>
/// <c>search.json</c> (docs/formats.md), version 1: the settings (what a <c>search worker --settings</c> reads to run
/// the same objective), written when the search starts with <see cref="Status"/> <c>running</c>, and the summary
/// (studies, the picked trial, the picked mask file), rewritten when it ends.
/// </summary>
public sealed record SearchSummary(
    int Version,
    string Status,
    SearchOptions Settings,
    string Storage,
    string? BaseModelIdentity,
    IReadOnlyList<StudySummary> Studies,
    SearchPoint? Picked,
    string? Mask,
    double Seconds)
{
    public const int CurrentVersion = 1;

    public const string Running = "running";

    public const string Finished = "finished";

    public void Save(string folder) =>
        new ReportFiles().AddText(SearchFiles.Summary, JsonSerializer.Serialize(this, SearchJson.Options)).WriteTo(folder);

    /// <summary>Reads a search.json; a missing or malformed file is an error naming it.</summary>
    public static SearchSummary Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Settings: '{path}' does not exist (memcontrol search writes <out>/search.json when it starts)", path);
        }

        try
        {
            var text = File.ReadAllText(path);
            var summary = JsonSerializer.Deserialize<SearchSummary>(text, SearchJson.Options)
                ?? throw new InvalidDataException($"'{path}' is empty");
            return summary.Version == CurrentVersion
                ? summary with { Settings = WithEarlierDefaults(summary.Settings, text) }
                : throw new InvalidDataException($"'{path}': field 'version' is {summary.Version}; this memcontrol reads version {CurrentVersion}");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"'{path}' is not a search.json: {error.Message}", error);
        }
    }

    /// <summary>
    /// Settings added after version 1 was first written, read as what the searches before them measured with, so a
    /// resumed study keeps measuring as it did (or is refused by <see cref="SearchOptions.RequireSameMeasurement"/>).
    /// </summary>
    private static SearchOptions WithEarlierDefaults(SearchOptions settings, string text)
    {
        var written = System.Text.Json.Nodes.JsonNode.Parse(text)?["settings"]?.AsObject();
        bool Has(string property) => written?.ContainsKey(JsonNamingPolicy.SnakeCaseLower.ConvertName(property)) == true;
        return settings with
        {
            ValidationSamplesPerPrompt = Has(nameof(SearchOptions.ValidationSamplesPerPrompt)) ? settings.ValidationSamplesPerPrompt : 1,
            ProbeTimesteps = Has(nameof(SearchOptions.ProbeTimesteps)) ? settings.ProbeTimesteps : 4,
            Aggregation = Has(nameof(SearchOptions.Aggregation))
                ? settings.Aggregation
                : settings.Objective == MemorizationObjectiveKind.Copying ? ScoreAggregation.Mean : ScoreAggregation.Max,
        };
    }
}

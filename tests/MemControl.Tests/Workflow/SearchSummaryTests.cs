using System.Text.Json.Nodes;
using MemControl.Metrics.Memorization;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Workflow;

/// <summary>search.json: the measuring settings added after version 1 was first written read as what older searches used.</summary>
public sealed class SearchSummaryTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"search-summary-{Guid.NewGuid():N}");

    public SearchSummaryTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_search_json_written_before_the_averaging_settings_reads_as_max_over_4_timesteps_and_1_generation()
    {
        // Given: a search.json of today without the two keys, as searches before them wrote it
        var summary = new SearchSummary(SearchSummary.CurrentVersion, SearchSummary.Running, Options(), "sqlite:///x", null, [], null, null, 0);
        summary.Save(folder);
        var path = Path.Combine(folder, SearchFiles.Summary);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["settings"]!.AsObject().Remove("probe_timesteps");
        json["settings"]!.AsObject().Remove("validation_samples_per_prompt");
        json["settings"]!.AsObject().Remove("aggregation");
        File.WriteAllText(path, json.ToJsonString());

        // When
        var read = SearchSummary.Load(path);

        // Then: what those searches measured with, so resuming one with today's defaults is refused, not mixed
        Assert.Equal(4, read.Settings.ProbeTimesteps);
        Assert.Equal(1, read.Settings.ValidationSamplesPerPrompt);
        Assert.Equal(ScoreAggregation.Max, read.Settings.EffectiveAggregation);
        var error = Assert.Throws<ArgumentException>(() => Options().RequireSameMeasurement(read.Settings));
        Assert.StartsWith("Aggregation: the search in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_json_with_the_settings_reads_them_back()
    {
        // Given
        new SearchSummary(SearchSummary.CurrentVersion, SearchSummary.Running, Options() with { ProbeTimesteps = 32, ValidationSamplesPerPrompt = 2 },
            "sqlite:///x", null, [], null, null, 0).Save(folder);

        // When
        var read = SearchSummary.Load(Path.Combine(folder, SearchFiles.Summary));

        // Then
        Assert.Equal(32, read.Settings.ProbeTimesteps);
        Assert.Equal(2, read.Settings.ValidationSamplesPerPrompt);
    }

    [Theory]
    [InlineData(MemorizationObjectiveKind.Paper, ScoreAggregation.Max)]
    [InlineData(MemorizationObjectiveKind.Ratio, ScoreAggregation.Mean)]
    [InlineData(MemorizationObjectiveKind.Copying, ScoreAggregation.Mean)]
    public void Without_an_aggregation_the_paper_objective_takes_the_max_and_the_others_the_mean(MemorizationObjectiveKind objective, ScoreAggregation expected) =>
        Assert.Equal(expected, (Options() with { Objective = objective }).EffectiveAggregation);

    [Fact]
    public void Resuming_a_max_search_with_the_new_default_mean_is_refused_naming_the_aggregation()
    {
        var earlier = Options() with { Aggregation = ScoreAggregation.Max };

        var error = Assert.Throws<ArgumentException>(() => Options().RequireSameMeasurement(earlier));

        Assert.StartsWith("Aggregation: the search in", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4, "ProbeTimesteps: must be at least 1, not 0")]
    [InlineData(16, 0, "ValidationSamplesPerPrompt: must be at least 1, not 0")]
    public void Zero_timesteps_or_generations_are_refused_naming_the_property(int timesteps, int samples, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => (Options() with { ProbeTimesteps = timesteps, ValidationSamplesPerPrompt = samples }).Validate());
        Assert.Equal(message, error.Message);
    }

    private SearchOptions Options() => new() { Model = "builtin", Data = Path.Combine(folder, "manifest.csv"), Output = folder };
}

using MemControl.Cli.Search;
using MemControl.Search;
using MemControl.Storage;
using MemControl.Tests.Cli.Train;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>`search worker --objective memcontrol` joins a search from its search.json and runs its trials.</summary>
public sealed class SearchWorkerObjectiveTests
{
    [Fact]
    public void A_memcontrol_worker_runs_the_trials_of_the_search_described_by_its_settings_file()
    {
        // Given: the search.json a `memcontrol search` writes when it starts, for a study of one trial.
        using var data = new TinySearch();
        var options = data.Options(data.NewRunFolder(), trials: 1);
        new SearchSummary(SearchSummary.CurrentVersion, SearchSummary.Running, options, options.StorageUrl, null, [], null, null, 0).Save(options.Output);

        // When
        var (exitCode, printed) = TrainRun.Cli("search", "worker", "--objective", "memcontrol", "--settings", Path.Combine(options.Output, "search.json"), "--worker-index", "1");

        // Then
        Assert.True(exitCode == 0, printed);
        using var storage = StudyStorages.Open(options.StorageUrl);
        var trial = Assert.Single(Study.Load(storage, options.StudyName("svdiff")).GetTrials());
        Assert.Equal(TrialState.Complete, trial.State);
        Assert.True(File.Exists(Path.Combine(options.Output, "trials", "0", "metrics.json")), printed);
    }

    [Fact]
    public void A_memcontrol_worker_without_settings_says_which_option_is_missing()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("search", "worker", "--objective", "memcontrol", "--storage", "sqlite:///tmp/x.db");

        // Then
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--settings", printed, StringComparison.Ordinal);
    }
}

using MemControl.Cli.Search;
using MemControl.Search;
using MemControl.Search.Storage;
using MemControl.Storage;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>A search interrupted in the middle of a trial resumes when rerun on the same folder.</summary>
public sealed class SearchResumeTests
{
    [Fact]
    public void A_search_cancelled_mid_trial_resumes_keeping_complete_trials_and_repeating_the_interrupted_one()
    {
        // Given: a search of 2 trials (2 steps each) interrupted during trial 1's fine-tuning.
        using var data = new TinySearch();
        var options = data.Options(data.NewRunFolder(), trials: 2, steps: 2);
        using (var source = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => SearchRunner.Run(options, new CancellingProgress(1, source), source.Token));
        }

        var trial0Metrics = File.ReadAllText(Path.Combine(options.Output, "trials", "0", "metrics.json"));
        var interrupted = Trials(options).Single(t => t.Number == 1);
        Assert.Equal(TrialState.Failed, interrupted.State);

        // When
        var outcome = SearchRunner.Run(options, new CancellingProgress(-1, new CancellationTokenSource()), TestContext.Current.CancellationToken);

        // Then: trial 0 was not run again; trial 2 repeats trial 1's genes and completes.
        var trials = Trials(options);
        Assert.Equal(TrialState.Complete, trials.Single(t => t.Number == 0).State);
        Assert.Equal(trial0Metrics, File.ReadAllText(Path.Combine(options.Output, "trials", "0", "metrics.json")));
        var retry = trials.Single(t => t.Number == 2);
        Assert.Equal(TrialState.Complete, retry.State);
        Assert.Equal(1, retry.SystemAttributeInt(RetryAttributes.RetryOf));
        Assert.Equal(interrupted.Params, retry.Params);
        Assert.Equal(3, trials.Count);
        Assert.True(File.Exists(outcome.MaskPath));
    }

    private static IReadOnlyList<FrozenTrial> Trials(SearchOptions options)
    {
        using var storage = StudyStorages.Open(options.StorageUrl);
        return Study.Load(storage, options.StudyName(options.Method)).GetTrials();
    }
}

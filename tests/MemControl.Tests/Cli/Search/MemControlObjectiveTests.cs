using MemControl.Cli.Search;
using MemControl.Metrics.Memorization;
using MemControl.Search;
using MemControl.Search.Storage;
using MemControl.Tests.Support;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>The objective on its own: one trial of the denoising-strength kinds (the e2e searches use copying).</summary>
public sealed class MemControlObjectiveTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(ScoreAggregation.Max)]
    public void The_ratio_objective_is_the_memorization_sets_mean_or_max_strength_over_the_plain_prompts_and_trials_start_from_the_same_weights(ScoreAggregation? aggregation)
    {
        // Given: the default aggregation (mean) or the authors' max
        TestPaths.RequireParityPath("unet");
        using var data = new TinySearch();
        var options = data.Options(data.NewRunFolder(), trials: 2) with { Objective = MemorizationObjectiveKind.Ratio, Aggregation = aggregation };
        // Attention tuning trains base tensors in place, so a trial that kept the previous weights would differ.
        using var objective = new MemControlObjective(options, "attention", options.Output);
        var study = Study.CreateOrLoad(new InMemoryStudyStorage(), "s", SearchRunner.Directions);
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 3e-4));
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 1e-4));
        var fresh = Study.CreateOrLoad(new InMemoryStudyStorage(), "fresh", SearchRunner.Directions);
        fresh.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 1e-4));

        // When: the 1e-4 configuration after another trial trained, and first in a fresh study.
        objective.Evaluate(study.Ask(), cancellationToken: TestContext.Current.CancellationToken);
        var afterAnother = objective.Evaluate(study.Ask(), cancellationToken: TestContext.Current.CancellationToken);
        var first = objective.Evaluate(fresh.Ask(), cancellationToken: TestContext.Current.CancellationToken);

        // Then: docs/decisions.md §6's ratio from the trial's own per-prompt values; a trial never inherits the previous one's weights.
        var metrics = System.Text.Json.JsonSerializer.Deserialize<TrialMetrics>(
            File.ReadAllText(Path.Combine(objective.TrialFolder(0), "metrics.json")), SearchJson.Options)!;
        Assert.Equal("ratio", metrics.Objective);
        Assert.NotNull(metrics.PlainScore);
        Assert.True(metrics.PlainScore > 0);
        var memorizationSet = aggregation == ScoreAggregation.Max ? metrics.PerPrompt.Max() : metrics.PerPrompt.Average();
        Assert.Equal(memorizationSet / metrics.PlainScore!.Value, first[0], 9);
        Assert.Equal(2, metrics.PerPrompt.Count);
        Assert.Equal(first, afterAnother);
    }

    [Fact]
    public void SV_DIFF_trials_share_one_decomposition_of_the_pristine_weights()
    {
        // Given
        TestPaths.RequireParityPath("unet");
        using var data = new TinySearch();
        var options = data.Options(data.NewRunFolder(), trials: 2);
        using var objective = new MemControlObjective(options, "svdiff", options.Output);
        var study = Study.CreateOrLoad(new InMemoryStudyStorage(), "s", SearchRunner.Directions);
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 3e-4));
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 1e-4));

        // When
        objective.Evaluate(study.Ask(), cancellationToken: TestContext.Current.CancellationToken);
        var afterFirst = objective.SvdComputations;
        objective.Evaluate(study.Ask(), cancellationToken: TestContext.Current.CancellationToken);

        // Then: the second trial decomposed nothing again.
        Assert.True(afterFirst > 0, "the first SV-DIFF trial decomposes the adapted weights");
        Assert.Equal(afterFirst, objective.SvdComputations);
    }

    [Fact]
    public void A_trial_with_the_genes_of_a_finished_trial_reuses_its_values_without_training()
    {
        // Given: the same configuration queued twice (as NSGA-II re-proposes it)
        TestPaths.RequireParityPath("unet");
        using var data = new TinySearch();
        var options = data.Options(data.NewRunFolder(), trials: 2);
        using var objective = new MemControlObjective(options, "svdiff", options.Output);
        var study = Study.CreateOrLoad(new InMemoryStudyStorage(), "s", SearchRunner.Directions);
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 1e-4));
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 1e-4));
        var steps = new int[2];
        var firstTrial = study.Ask();
        var first = objective.Evaluate(firstTrial, _ => steps[0]++, TestContext.Current.CancellationToken);
        study.Tell(firstTrial, first);

        // When
        var trial = study.Ask();
        var second = objective.Evaluate(trial, _ => steps[1]++, TestContext.Current.CancellationToken);

        // Then: the values, the files and a mark of where they came from; no training step
        Assert.Equal(first, second);
        Assert.True(steps[0] > 0);
        Assert.Equal(0, steps[1]);
        var metrics = System.Text.Json.JsonSerializer.Deserialize<TrialMetrics>(
            File.ReadAllText(Path.Combine(objective.TrialFolder(1), "metrics.json")), SearchJson.Options)!;
        Assert.Equal((1, 0), (metrics.Trial, metrics.DuplicateOf!.Value));
        Assert.True(File.Exists(Path.Combine(objective.TrialFolder(1), "mask.json")));
        Assert.True(File.Exists(Path.Combine(objective.TrialFolder(1), "samples.png")));
    }
}

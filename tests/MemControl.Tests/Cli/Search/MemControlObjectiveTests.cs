using MemControl.Cli.Search;
using MemControl.Metrics.Memorization;
using MemControl.Search;
using MemControl.Search.Storage;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Search;

/// <summary>The objective on its own: one trial of the denoising-strength kinds (the e2e searches use copying).</summary>
public sealed class MemControlObjectiveTests
{
    [Fact]
    public void The_ratio_objective_is_the_memorization_sets_max_strength_over_the_plain_prompts_and_trials_start_from_the_same_weights()
    {
        // Given
        TestPaths.RequireParityPath("unet");
        using var data = new TinySearch();
        var options = data.Options(data.NewRunFolder(), trials: 2) with { Objective = MemorizationObjectiveKind.Ratio };
        // Attention tuning trains base tensors in place, so a trial that kept the previous weights would differ.
        using var objective = new MemControlObjective(options, "attention", options.Output);
        var study = Study.CreateOrLoad(new InMemoryStudyStorage(), "s", SearchRunner.Directions);
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 1e-4));
        study.Enqueue(MaskGenes.Vanilla(objective.Layout, options.LearningRates, 1e-4));

        // When: the same configuration twice.
        var first = objective.Evaluate(study.Ask(), cancellationToken: TestContext.Current.CancellationToken);
        var second = objective.Evaluate(study.Ask(), cancellationToken: TestContext.Current.CancellationToken);

        // Then: SPEC §6's ratio from the trial's own per-prompt values; a trial never inherits the previous one's weights.
        var metrics = System.Text.Json.JsonSerializer.Deserialize<TrialMetrics>(
            File.ReadAllText(Path.Combine(objective.TrialFolder(0), "metrics.json")), SearchJson.Options)!;
        Assert.Equal("ratio", metrics.Objective);
        Assert.NotNull(metrics.PlainScore);
        Assert.True(metrics.PlainScore > 0);
        Assert.Equal(metrics.PerPrompt.Max() / metrics.PlainScore!.Value, first[0], 9);
        Assert.Equal(2, metrics.PerPrompt.Count);
        Assert.Equal(first, second);
    }
}

using MemControl.Search.Distributions;
using MemControl.Search.Samplers;
using MemControl.Search.Storage;

namespace MemControl.Search.Tests;

public sealed class StudyTests
{
    private static Study NewStudy(ISampler? sampler = null) =>
        Study.CreateOrLoad(new InMemoryStudyStorage(), "s", [StudyDirection.Minimize, StudyDirection.Maximize], sampler ?? new RandomSampler(1));

    [Fact]
    public void Ask_and_tell_record_parameters_values_and_user_attributes()
    {
        // Given
        var study = NewStudy();

        // When
        var trial = study.Ask();
        var bit = trial.SuggestBool("down_blocks.0.attentions.0");
        var rank = trial.SuggestInt("rank", 1, 8);
        var lr = trial.SuggestFloat("lr", 1e-5, 1e-3, log: true);
        var method = trial.SuggestCategorical("method", ["svdiff", "difffit"]);
        trial.SetUserAttribute("fid", 31.5);
        study.Tell(trial, [0.4, 0.9]);

        // Then
        var stored = study.GetTrials()[0];
        Assert.Equal(TrialState.Complete, stored.State);
        Assert.Equal(bit, stored.ExternalParam("down_blocks.0.attentions.0"));
        Assert.Equal(rank, stored.ExternalParam("rank"));
        Assert.InRange(lr, 1e-5, 1e-3);
        Assert.Equal(method, stored.ExternalParam("method"));
        Assert.Equal(31.5, Study.UserAttributeDouble(stored, "fid"));
    }

    [Fact]
    public void Enqueued_configurations_are_evaluated_first_with_their_values()
    {
        // Given: a vanilla mask (all bits on) enqueued before the search
        var study = NewStudy();
        study.Enqueue(new Dictionary<string, (ParameterDistribution, object)> { ["b0"] = (new BoolDistribution(), true), ["b1"] = (new BoolDistribution(), true) });

        // When
        var trial = study.Ask();

        // Then
        Assert.True(trial.SuggestBool("b0"));
        Assert.True(trial.SuggestBool("b1"));
        Assert.Equal(0, trial.Number);
    }

    [Fact]
    public void A_nan_objective_fails_the_trial_with_the_reason()
    {
        // Given
        var study = NewStudy();
        var trial = study.Ask();

        // When
        var told = study.Tell(trial, [double.NaN, 1]);

        // Then
        Assert.Equal(TrialState.Failed, told.State);
        Assert.Contains("NaN", told.FailReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_counts_the_study_total_so_a_rerun_continues_to_it()
    {
        // Given
        var study = NewStudy();
        IReadOnlyList<double> Objective(Trial t) => [t.SuggestFloat("x", 0, 1), 1];

        // When
        study.Optimize(Objective, 5);
        study.Optimize(Objective, 8);
        study.Optimize(Objective, 8);

        // Then
        Assert.Equal(8, study.GetTrials().Count);
    }

    [Fact]
    public void An_objective_that_throws_is_recorded_as_failed_and_replaced()
    {
        // Given: the second trial runs out of memory
        var study = NewStudy();
        IReadOnlyList<double> Objective(Trial t) => t.Number == 1 ? throw new InsufficientMemoryException("CUDA out of memory") : [t.Number, 0];

        // When
        study.Optimize(Objective, 3);

        // Then
        var trials = study.GetTrials();
        Assert.Equal(3, trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal("InsufficientMemoryException: CUDA out of memory", trials[1].FailReason);
    }

    [Fact]
    public void Pruned_trials_count_towards_the_total()
    {
        // Given
        var study = NewStudy();

        // When
        study.Optimize(_ => throw new TrialPrunedException(), 2);

        // Then
        Assert.All(study.GetTrials(), t => Assert.Equal(TrialState.Pruned, t.State));
        Assert.Equal(2, study.GetTrials().Count);
    }

    [Fact]
    public void Telling_the_wrong_number_of_values_is_refused()
    {
        // Given
        var study = NewStudy();
        var trial = study.Ask();

        // When / Then
        Assert.Throws<ArgumentException>(() => study.Tell(trial, [1.0]));
    }

    [Fact]
    public void The_grid_sampler_evaluates_each_configuration_once()
    {
        // Given
        var grid = new IReadOnlyDictionary<string, double>[]
        {
            new Dictionary<string, double> { ["b0"] = 0, ["b1"] = 1 },
            new Dictionary<string, double> { ["b0"] = 1, ["b1"] = 0 },
            new Dictionary<string, double> { ["b0"] = 1, ["b1"] = 1 },
        };
        var sampler = new GridSampler(grid);
        var study = NewStudy(sampler);

        // When
        study.Optimize(t => [t.SuggestBool("b0") ? 1 : 0, t.SuggestBool("b1") ? 1 : 0], 3);

        // Then
        var seen = study.GetTrials().Select(t => (t.Params["b0"], t.Params["b1"])).ToHashSet();
        Assert.Equal(new HashSet<(double, double)> { (0, 1), (1, 0), (1, 1) }, seen);
        Assert.True(sampler.IsExhausted(study));
    }

    [Fact]
    public void Best_trials_are_the_non_dominated_complete_ones()
    {
        // Given: minimise f1, maximise f2
        var study = NewStudy();
        foreach (var values in new[] { new[] { 1.0, 1.0 }, [2.0, 3.0], [3.0, 2.0] })
        {
            study.Tell(study.Ask(), values);
        }

        // When
        var best = study.BestTrials();

        // Then: (3, 2) is dominated by (2, 3)
        Assert.Equal([0, 1], best.Select(t => t.Number));
    }
}

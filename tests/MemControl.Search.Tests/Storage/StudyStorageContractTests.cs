using MemControl.Search.Distributions;
using MemControl.Search.Storage;

namespace MemControl.Search.Tests.Storage;

/// <summary>
/// The <see cref="IStudyStorage"/> contract, run against every storage (optuna's STORAGE_MODES): one subclass per
/// storage supplies a fresh, empty one.
/// </summary>
public abstract class StudyStorageContractTests : IDisposable
{
    private static readonly StudyDirection[] TwoMinimised = [StudyDirection.Minimize, StudyDirection.Minimize];
    private readonly List<IStudyStorage> opened = [];

    /// <summary>A fresh, empty storage; the same <paramref name="key"/> opens the same one again (another "process").</summary>
    protected abstract IStudyStorage Open(string key = "main");

    protected IStudyStorage Storage(string key = "main")
    {
        var storage = Open(key);
        opened.Add(storage);
        return storage;
    }

    public virtual void Dispose()
    {
        foreach (var storage in opened)
        {
            storage.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Creating_a_study_twice_returns_the_same_study()
    {
        // Given
        var storage = Storage();

        // When
        var first = storage.CreateOrLoadStudy("s", TwoMinimised);
        var second = storage.CreateOrLoadStudy("s", TwoMinimised);

        // Then
        Assert.Equal(first.StudyId, second.StudyId);
        Assert.Equal(TwoMinimised, second.Directions);
        Assert.Single(storage.GetAllStudies());
    }

    [Fact]
    public void Opening_a_study_with_other_directions_is_refused()
    {
        // Given
        var storage = Storage();
        storage.CreateOrLoadStudy("s", TwoMinimised);

        // When / Then
        var error = Assert.Throws<ArgumentException>(() => storage.CreateOrLoadStudy("s", [StudyDirection.Maximize]));
        Assert.Contains("'s'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trials_are_numbered_densely_and_read_back_with_params_values_and_attributes()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);

        // When
        var first = storage.StartTrial(study.StudyId, "w1")!;
        storage.SetTrialParameter(first.TrialId, "lr", new FloatDistribution(1e-5, 1e-3, log: true), 2e-4);
        storage.SetTrialParameter(first.TrialId, "bit", new BoolDistribution(), 1);
        storage.SetTrialUserAttribute(first.TrialId, "fid", "12.5");
        storage.SetTrialSystemAttribute(first.TrialId, "nsga2:generation", "0");
        storage.FinishTrial(first.TrialId, TrialState.Complete, [0.25, 3.5]);
        var second = storage.StartTrial(study.StudyId, "w2")!;

        // Then
        var trials = storage.GetTrials(study.StudyId);
        Assert.Equal([0, 1], trials.Select(t => t.Number));
        Assert.Equal(1, second.Number);
        var read = trials[0];
        Assert.Equal(TrialState.Complete, read.State);
        Assert.Equal([0.25, 3.5], read.Values!);
        Assert.Equal(2e-4, read.Params["lr"]);
        Assert.Equal(new FloatDistribution(1e-5, 1e-3, log: true), read.Distributions["lr"]);
        Assert.Equal(true, read.ExternalParam("bit"));
        Assert.Equal(12.5, read.UserAttributes["fid"].GetDouble());
        Assert.Equal(0, read.SystemAttributeInt("nsga2:generation"));
        Assert.Equal("w1", read.Worker);
        Assert.NotNull(read.Finished);
        Assert.Equal(TrialState.Running, trials[1].State);
        Assert.Equal([1], storage.GetTrials(study.StudyId, fromNumber: 1).Select(t => t.Number));
    }

    [Fact]
    public void A_finished_trial_cannot_change()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);
        var trial = storage.StartTrial(study.StudyId, "w")!;
        storage.FinishTrial(trial.TrialId, TrialState.Failed, failReason: "NaN loss");

        // When / Then
        Assert.Throws<TrialAlreadyFinishedException>(() => storage.FinishTrial(trial.TrialId, TrialState.Complete, [1, 2]));
        Assert.Throws<TrialAlreadyFinishedException>(() => storage.SetTrialUserAttribute(trial.TrialId, "k", "1"));
        Assert.Throws<TrialAlreadyFinishedException>(() => storage.RecordHeartbeat(trial.TrialId));
        Assert.Equal("NaN loss", storage.GetTrial(trial.TrialId).FailReason);
    }

    [Fact]
    public void A_failed_trial_needs_a_reason_and_a_complete_one_finite_values()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);
        var trial = storage.StartTrial(study.StudyId, "w")!;

        // When / Then
        Assert.Throws<ArgumentException>(() => storage.FinishTrial(trial.TrialId, TrialState.Failed));
        Assert.Throws<ArgumentException>(() => storage.FinishTrial(trial.TrialId, TrialState.Complete, [double.NaN, 1]));
        Assert.Equal(TrialState.Running, storage.GetTrial(trial.TrialId).State);
    }

    [Fact]
    public void Enqueued_trials_are_claimed_first_in_order_with_their_parameters()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);
        var bit = new BoolDistribution();
        storage.EnqueueTrial(study.StudyId, new Dictionary<string, (ParameterDistribution, double)> { ["b0"] = (bit, 1) });
        storage.EnqueueTrial(study.StudyId, new Dictionary<string, (ParameterDistribution, double)> { ["b0"] = (bit, 0) });

        // When
        var first = storage.StartTrial(study.StudyId, "w")!;
        var second = storage.StartTrial(study.StudyId, "w")!;
        var third = storage.StartTrial(study.StudyId, "w")!;

        // Then
        Assert.Equal((0, 1.0), (first.Number, first.Params["b0"]));
        Assert.Equal((1, 0.0), (second.Number, second.Params["b0"]));
        Assert.Equal(TrialState.Running, second.State);
        Assert.Equal(2, third.Number);
        Assert.Empty(third.Params);
    }

    [Fact]
    public void Start_trial_respects_the_total_budget_counting_running_but_not_failed_trials()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);
        var a = storage.StartTrial(study.StudyId, "w", maxTrials: 2)!;
        var b = storage.StartTrial(study.StudyId, "w", maxTrials: 2)!;

        // When
        var refused = storage.StartTrial(study.StudyId, "w", maxTrials: 2);
        storage.FinishTrial(a.TrialId, TrialState.Failed, failReason: "oom");
        var replacement = storage.StartTrial(study.StudyId, "w", maxTrials: 2);
        storage.FinishTrial(b.TrialId, TrialState.Complete, [1, 1]);

        // Then
        Assert.Null(refused);
        Assert.NotNull(replacement);
        Assert.Null(storage.StartTrial(study.StudyId, "w", maxTrials: 2));
    }

    [Fact]
    public void Study_attributes_keep_the_first_value_written()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);

        // When
        var first = storage.SetStudySystemAttributeIfAbsent(study.StudyId, "nsga2:parents:1", "[1,2]");
        var second = storage.SetStudySystemAttributeIfAbsent(study.StudyId, "nsga2:parents:1", "[3,4]");

        // Then
        Assert.Equal("[1,2]", first);
        Assert.Equal("[1,2]", second);
        Assert.Equal("[1,2]", storage.GetStudySystemAttribute(study.StudyId, "nsga2:parents:1"));
        Assert.Null(storage.GetStudySystemAttribute(study.StudyId, "absent"));
    }

    [Fact]
    public void A_stale_running_trial_is_failed_with_the_reason_and_its_parameters_requeued_with_a_retry_count()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);
        var trial = storage.StartTrial(study.StudyId, "dead-worker")!;
        storage.SetTrialParameter(trial.TrialId, "x", new FloatDistribution(0, 1), 0.75);
        var alive = storage.StartTrial(study.StudyId, "live-worker")!;
        Thread.Sleep(300);
        storage.RecordHeartbeat(alive.TrialId);

        // When
        var reaped = storage.FailStaleTrials(study.StudyId, TimeSpan.FromMilliseconds(200), maxRetries: 3);

        // Then
        var failed = Assert.Single(reaped);
        Assert.Equal(trial.TrialId, failed.TrialId);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("dead-worker", failed.FailReason, StringComparison.Ordinal);
        Assert.Equal(TrialState.Running, storage.GetTrial(alive.TrialId).State);
        var retry = storage.StartTrial(study.StudyId, "w")!;
        Assert.Equal(0.75, retry.Params["x"]);
        Assert.Equal(trial.Number, retry.SystemAttributeInt(RetryAttributes.RetryOf));
        Assert.Equal(1, retry.SystemAttributeInt(RetryAttributes.RetryCount));
    }

    [Fact]
    public void Parameters_are_requeued_no_more_than_the_retry_limit()
    {
        // Given
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);
        storage.StartTrial(study.StudyId, "w");

        // When: the trial and its one retry both die
        Thread.Sleep(150);
        storage.FailStaleTrials(study.StudyId, TimeSpan.FromMilliseconds(100), maxRetries: 1);
        var retry = storage.StartTrial(study.StudyId, "w")!;
        Thread.Sleep(150);
        storage.FailStaleTrials(study.StudyId, TimeSpan.FromMilliseconds(100), maxRetries: 1);

        // Then
        Assert.Equal(1, retry.SystemAttributeInt(RetryAttributes.RetryCount));
        Assert.DoesNotContain(storage.GetTrials(study.StudyId), t => t.State == TrialState.Waiting);
    }

    [Fact]
    public void Concurrent_starts_never_hand_out_a_trial_twice_and_stop_at_the_budget()
    {
        // Given: four connections (threads) on the same storage, racing for 40 trials with 10 enqueued
        var storage = Storage();
        var study = storage.CreateOrLoadStudy("s", TwoMinimised);
        for (var i = 0; i < 10; i++)
        {
            storage.EnqueueTrial(study.StudyId, new Dictionary<string, (ParameterDistribution, double)> { ["i"] = (new IntDistribution(0, 9), i) });
        }

        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();

        // When
        Parallel.For(0, 4, w =>
        {
            var mine = Storage();
            while (mine.StartTrial(study.StudyId, $"w{w}", maxTrials: 40) is { } trial)
            {
                claimed.Add(trial.TrialId);
                mine.FinishTrial(trial.TrialId, TrialState.Complete, [trial.Number, w]);
            }
        });

        // Then
        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct().Count());
        var trials = storage.GetTrials(study.StudyId);
        Assert.Equal(Enumerable.Range(0, 40), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(10, trials.Count(t => t.Params.ContainsKey("i")));
    }

    [Fact]
    public void Unknown_ids_raise_key_not_found()
    {
        // Given
        var storage = Storage();

        // When / Then
        Assert.Throws<KeyNotFoundException>(() => storage.GetTrials(12345));
        Assert.Throws<KeyNotFoundException>(() => storage.GetTrial(98765));
        Assert.Null(storage.FindStudy("nope"));
    }

    [Fact]
    public void A_study_continues_on_a_reopened_storage()
    {
        // Given
        var storage = Storage("shared");
        var study = Study.CreateOrLoad(storage, "s", TwoMinimised);
        var trial = study.Ask();
        study.Tell(trial, [1, 2]);

        // When
        var again = Study.Load(Storage("shared"), "s");
        var next = again.Ask();

        // Then
        Assert.Equal(1, next.Number);
        Assert.Single(again.BestTrials());
        Assert.Equal([1.0, 2.0], again.GetTrials()[0].Values!);
    }
}

using MemControl.Cli.Search;
using MemControl.Search;
using MemControl.Search.Distributions;
using MemControl.Search.Storage;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>Which trials a rerun fails and queues again at once (the rest wait for the heartbeat reaper).</summary>
public sealed class InterruptedTrialsTests
{
    private const int NoSuchProcess = int.MaxValue;

    private readonly InMemoryStudyStorage storage = new();

    [Fact]
    public void A_running_trial_of_a_dead_process_on_this_machine_is_failed_and_its_genes_queued_again()
    {
        // Given
        var study = Study.CreateOrLoad(storage, "s", SearchRunner.Directions);
        var running = Start(study, $"{Environment.MachineName}:{NoSuchProcess}", bit: 0, learningRate: 3e-4);

        // When
        var requeued = InterruptedTrials.Requeue(study);

        // Then
        Assert.Equal([running.Number], requeued);
        var trials = study.GetTrials();
        Assert.Equal(TrialState.Failed, trials[0].State);
        Assert.Contains("ended during the trial", trials[0].FailReason, StringComparison.Ordinal);
        Assert.Equal(TrialState.Waiting, trials[1].State);
        Assert.Equal(running.Number, trials[1].SystemAttributeInt(RetryAttributes.RetryOf));
        Assert.Equal(3e-4, trials[1].Params[MaskGenes.LearningRateGene]);
    }

    [Fact]
    public void Running_trials_of_live_processes_and_of_other_machines_are_left_to_the_heartbeat()
    {
        // Given
        var study = Study.CreateOrLoad(storage, "s", SearchRunner.Directions);
        Start(study, $"{Environment.MachineName}:{Environment.ProcessId}", bit: 1, learningRate: 1e-4);
        Start(study, $"another-machine-{Guid.NewGuid():N}:{NoSuchProcess}", bit: 1, learningRate: 1e-4);

        // When
        var requeued = InterruptedTrials.Requeue(study);

        // Then
        Assert.Empty(requeued);
        Assert.All(study.GetTrials(), t => Assert.Equal(TrialState.Running, t.State));
    }

    [Fact]
    public void A_cancelled_trial_is_queued_again_once()
    {
        // Given
        var study = Study.CreateOrLoad(storage, "s", SearchRunner.Directions);
        var cancelled = Start(study, "me:1", bit: 1, learningRate: 1e-4);
        storage.FinishTrial(cancelled.TrialId, TrialState.Failed, failReason: InterruptedTrials.CancelledReason);

        // When
        var first = InterruptedTrials.Requeue(study);
        var second = InterruptedTrials.Requeue(study);

        // Then
        Assert.Equal([cancelled.Number], first);
        Assert.Empty(second);
        Assert.Equal(2, study.GetTrials().Count);
    }

    private FrozenTrial Start(Study study, string worker, int bit, double learningRate)
    {
        var trial = storage.StartTrial(study.StudyId, worker)!;
        storage.SetTrialParameter(trial.TrialId, "down_blocks.0.attentions.0", new BoolDistribution(), bit);
        storage.SetTrialParameter(trial.TrialId, MaskGenes.LearningRateGene, new FloatDistribution(1e-5, 1e-3, log: true), learningRate);
        return trial;
    }
}

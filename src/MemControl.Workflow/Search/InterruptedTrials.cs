using System.Diagnostics;
using System.Globalization;
using MemControl.Search;
using MemControl.Search.Storage;

namespace MemControl.Workflow.Search;

/// <summary>
/// Makes a rerun resume an interrupted search at once instead of after the heartbeat grace: a RUNNING trial whose
/// worker was a process on this machine that no longer exists (killed, crashed) is failed and its parameters queued
/// again, and so is a trial failed as "cancelled" (Ctrl+C) that was not queued again yet. Both get the retry
/// attributes the heartbeat reaper gives (<see cref="RetryAttributes"/>), so they are evaluated before new ones.
/// Trials of live workers and of other machines are left to the heartbeat reaper (docs/decisions.md §7).
/// </summary>
public static class InterruptedTrials
{
    /// <summary>The reason <see cref="Study.Optimize"/> records for a trial stopped by cancellation.</summary>
    public const string CancelledReason = "cancelled";

    /// <summary>Fails and re-queues the study's interrupted trials; returns the numbers of the trials queued again.</summary>
    public static IReadOnlyList<int> Requeue(Study study)
    {
        var trials = study.GetTrials();
        var retried = trials.Select(t => t.SystemAttributeInt(RetryAttributes.RetryOf)).OfType<int>().ToHashSet();
        var requeued = new List<int>();
        foreach (var trial in trials)
        {
            if (trial.State == TrialState.Running && DeadLocalWorker(trial.Worker) is { } pid)
            {
                try
                {
                    study.Storage.FinishTrial(trial.TrialId, TrialState.Failed, failReason: $"worker process {pid} on this machine ended during the trial");
                }
                catch (TrialAlreadyFinishedException)
                {
                    continue; // Another rerun or a reaper got there first.
                }

                Enqueue(study, trial);
                requeued.Add(trial.Number);
            }
            else if (trial.State == TrialState.Failed && trial.FailReason == CancelledReason && !retried.Contains(trial.Number))
            {
                Enqueue(study, trial);
                requeued.Add(trial.Number);
            }
        }

        return requeued;
    }

    private static void Enqueue(Study study, FrozenTrial trial)
    {
        var count = (trial.SystemAttributeInt(RetryAttributes.RetryCount) ?? 0) + 1;
        study.Storage.EnqueueTrial(
            study.StudyId,
            trial.Params.ToDictionary(p => p.Key, p => (trial.Distributions[p.Key], p.Value)),
            new Dictionary<string, string>
            {
                [RetryAttributes.RetryOf] = trial.Number.ToString(CultureInfo.InvariantCulture),
                [RetryAttributes.RetryCount] = count.ToString(CultureInfo.InvariantCulture),
            });
    }

    /// <summary>The pid of a worker named "this-host:pid" whose process is gone, else null.</summary>
    private static int? DeadLocalWorker(string? worker)
    {
        var separator = worker?.LastIndexOf(':') ?? -1;
        if (separator <= 0 || worker![..separator] != Environment.MachineName
            || !int.TryParse(worker[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        if (pid == Environment.ProcessId)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? pid : null;
        }
        catch (ArgumentException)
        {
            return pid; // No process with that id.
        }
    }
}

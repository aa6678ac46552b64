using System.Globalization;

namespace MemControl.Search.Storage;

/// <summary>Rules for finishing a trial that every storage applies the same way.</summary>
public static class TrialTransitions
{
    /// <summary>Complete needs values, Failed needs a reason, and only final states are allowed.</summary>
    public static void RequireFinishable(TrialState state, IReadOnlyList<double>? values, string? failReason)
    {
        if (!state.IsFinished())
        {
            throw new ArgumentException($"a trial can only be finished as complete, pruned or failed, not {state}.");
        }

        if (state == TrialState.Complete && (values is null || values.Count == 0))
        {
            throw new ArgumentException("a complete trial needs its objective values.");
        }

        if (state == TrialState.Complete && values!.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("a complete trial needs finite objective values; fail it instead.");
        }

        if (state == TrialState.Failed && string.IsNullOrWhiteSpace(failReason))
        {
            throw new ArgumentException("a failed trial needs the reason it failed.");
        }
    }

    /// <summary>The fail reason written for a trial whose worker stopped beating.</summary>
    public static string StaleReason(string? worker, TimeSpan age) =>
        string.Create(CultureInfo.InvariantCulture, $"stale heartbeat: worker {worker ?? "?"} silent for {age.TotalSeconds:F1} s");
}

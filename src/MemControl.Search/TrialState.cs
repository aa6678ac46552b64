namespace MemControl.Search;

/// <summary>
/// The life of a trial (optuna's TrialState). Waiting: enqueued, not yet claimed by a worker. Running: claimed.
/// Complete, Pruned and Failed are final: a finished trial never changes again.
/// </summary>
public enum TrialState
{
    Running = 0,
    Complete = 1,
    Pruned = 2,
    Failed = 3,
    Waiting = 4,
}

/// <summary>Helpers over <see cref="TrialState"/>.</summary>
public static class TrialStates
{
    /// <summary>True for the final states (complete, pruned, failed).</summary>
    public static bool IsFinished(this TrialState state) =>
        state is TrialState.Complete or TrialState.Pruned or TrialState.Failed;
}

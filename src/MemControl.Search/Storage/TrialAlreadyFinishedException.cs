namespace MemControl.Search.Storage;

/// <summary>
/// Raised when a finished trial would be changed (finished trials are frozen), e.g. when a worker reports a
/// result for a trial that the stale-trial reaper already failed because its heartbeat stopped.
/// </summary>
public sealed class TrialAlreadyFinishedException(long trialId, TrialState state)
    : InvalidOperationException($"trial {trialId} is already finished ({state}); finished trials cannot change.")
{
    public long TrialId { get; } = trialId;

    public TrialState State { get; } = state;
}

namespace MemControl.Search.Storage;

/// <summary>System-attribute keys a re-queued trial carries (cf. optuna's RetryFailedTrialCallback).</summary>
public static class RetryAttributes
{
    /// <summary>The number of the failed trial whose parameters this trial repeats.</summary>
    public const string RetryOf = "retry_of";

    /// <summary>How many times these parameters were re-queued (1 for the first retry).</summary>
    public const string RetryCount = "retry_count";
}

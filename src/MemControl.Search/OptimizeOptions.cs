namespace MemControl.Search;

/// <summary>How <see cref="Study.Optimize"/> runs its worker loop.</summary>
public sealed record OptimizeOptions
{
    /// <summary>How often a running trial reports it is alive; null = no heartbeat and no reaping (one process).</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>A running trial whose heartbeat is older than this is failed and its parameters re-queued.</summary>
    public TimeSpan StaleGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times the parameters of a trial whose worker died are retried.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>How long to wait before asking again when the other workers' running trials fill the budget.</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Where progress lines go (failed trials, reaped trials); null = nowhere.</summary>
    public Action<string>? Log { get; init; }
}

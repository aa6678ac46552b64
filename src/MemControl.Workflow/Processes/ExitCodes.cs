namespace MemControl.Workflow.Processes;

/// <summary>
/// What a memcontrol process's exit code means (docs/commands.md, "Exit codes"). Worker processes report with these,
/// and the parent maps a worker's code back to the same meaning, so one process or many behave alike.
/// </summary>
public static class ExitCodes
{
    /// <summary>A bad command line or option value.</summary>
    public const int BadUsage = 2;

    /// <summary>A bad or missing input file.</summary>
    public const int BadInput = 3;

    /// <summary>A training run whose loss became NaN or infinite (too high a learning rate, usually).</summary>
    public const int TrainingDiverged = 4;

    /// <summary>An unexpected failure (a bug).</summary>
    public const int InternalError = 70;

    /// <summary>An interrupted run (as a shell reports SIGINT).</summary>
    public const int Interrupted = 130;
}

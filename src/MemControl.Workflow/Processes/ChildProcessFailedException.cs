namespace MemControl.Workflow.Processes;

/// <summary>
/// A worker process of this CLI ended with an error the parent passes on with the worker's own exit code (a user's
/// mistake 2 or 3, a diverged training 4, an interruption 130), so the parent means what a single process would have.
/// </summary>
public sealed class ChildProcessFailedException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

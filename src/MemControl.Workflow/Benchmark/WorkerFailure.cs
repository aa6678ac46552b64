
using MemControl.Workflow.Processes;

namespace MemControl.Workflow.Benchmark;

/// <summary>A benchmark row whose worker process exited with an error: its exit code and the error line it printed, if any.</summary>
public sealed record WorkerFailure(string Row, int ExitCode, string? Message)
{
    /// <summary>Exit codes a worker reports for something other than a bug, passed on as they are.</summary>
    private static readonly int[] Meaningful = [ExitCodes.BadUsage, ExitCodes.BadInput, ExitCodes.TrainingDiverged, ExitCodes.Interrupted];

    /// <summary>
    /// The failures as one exception: a user's mistake, a diverged training or an interruption found by a worker
    /// keeps its exit code and message (as a single process would end); any other failure (a bug, a worker killed by
    /// the system) is an unexpected one, reported with the worker's last lines above it.
    /// </summary>
    public static Exception ToException(IReadOnlyList<WorkerFailure> failures)
    {
        var first = failures.FirstOrDefault(f => Meaningful.Contains(f.ExitCode)) ?? failures[0];
        var message = $"benchmark row(s) {string.Join(", ", failures.Select(f => f.Row))} failed in their worker process: "
            + $"{(Meaningful.Contains(first.ExitCode) && first.Message is not null ? first.Message : $"{first.Row} exited with code {first.ExitCode} (its last lines are above)")}; "
            + "finished rows are kept and a rerun continues the others";
        return Meaningful.Contains(first.ExitCode)
            ? new ChildProcessFailedException(first.ExitCode, message)
            : new InvalidOperationException(message);
    }
}

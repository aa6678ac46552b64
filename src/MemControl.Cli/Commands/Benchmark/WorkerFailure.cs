namespace MemControl.Cli.Commands.Benchmark;

/// <summary>A benchmark row whose worker process exited with an error: its exit code and the error line it printed, if any.</summary>
public sealed record WorkerFailure(string Row, int ExitCode, string? Message)
{
    /// <summary>
    /// The failures as the exception the parent would have thrown for them itself, so a user's mistake found by a
    /// worker (a missing model, a bad manifest: exit 2 or 3) reaches the user as such (UserErrors), and anything else
    /// as an unexpected failure.
    /// </summary>
    public static Exception ToException(IReadOnlyList<WorkerFailure> failures)
    {
        var first = failures[0];
        var message = $"benchmark row(s) {string.Join(", ", failures.Select(f => f.Row))} failed in their worker process: "
            + $"{first.Message ?? $"exit code {first.ExitCode} (its last lines are above)"}; finished rows are kept and a rerun continues the others";
        return first.ExitCode switch
        {
            UserErrors.BadUsage => new ArgumentException(message),
            UserErrors.BadInput => new InvalidDataException(message),
            _ => new InvalidOperationException(message),
        };
    }
}

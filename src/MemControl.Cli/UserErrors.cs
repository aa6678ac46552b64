using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Processes;

namespace MemControl.Cli;

/// <summary>
/// Turns exceptions into what a user should see. A user's mistake (a bad option, a bad or missing file) is one line
/// naming what is wrong and a non-zero exit code, never a stack trace; only a real bug prints its trace.
/// </summary>
public static class UserErrors
{
    /// <summary>Exit code of a bad command line or option value.</summary>
    public const int BadUsage = ExitCodes.BadUsage;

    /// <summary>Exit code of a bad or missing input file.</summary>
    public const int BadInput = ExitCodes.BadInput;

    /// <summary>Exit code of a training run whose loss became NaN or infinite (too high a learning rate, usually).</summary>
    public const int TrainingDiverged = ExitCodes.TrainingDiverged;

    /// <summary>Exit code of an interrupted run (as a shell reports SIGINT).</summary>
    public const int Interrupted = ExitCodes.Interrupted;

    /// <summary>Exit code of an unexpected failure (a bug).</summary>
    public const int InternalError = ExitCodes.InternalError;

    private const int SqliteDiskFull = 13;   // SQLITE_FULL
    private const int SqliteIoError = 10;    // SQLITE_IOERR

    public static int Handle(Exception exception, IAnsiConsole console)
    {
        var error = Unwrap(exception);
        switch (error)
        {
            case CommandParseException or CommandRuntimeException or ArgumentException:
                Report(console, error.Message);
                return BadUsage;
            case InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException:
                Report(console, error.Message);
                return BadInput;
            case MemControl.Training.NonFiniteLossException:
                Report(console, error.Message);
                return TrainingDiverged;
            case MemControl.Workflow.Cluster.SlurmException slurm:
                Report(console, slurm.Message);
                return BadInput;
            case ChildProcessFailedException child:
                Report(console, child.Message);
                return child.ExitCode;
            case RunInterruptedException interrupted:
                Report(console, interrupted.Message);
                return Interrupted;
            case OperationCanceledException:
                Report(console, "interrupted; finished results were kept.");
                return Interrupted;
            case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteDiskFull or SqliteIoError } sqlite:
                // SQLite reports a full disk (or a failed write) as its own error code, not as an IOException.
                Report(console, $"the study storage cannot be written, the disk is full or failing ({sqlite.Message}); "
                    + "finished trials are kept: free space and rerun to continue.");
                return BadInput;
            case IOException io:
                // Disk full, a vanished mount...: the environment's fault, not a bug; the message says which file.
                Report(console, io.Message);
                return BadInput;
            default:
                console.MarkupLine("[red]memcontrol: unexpected error (a bug — please report it with the lines below):[/]");
                console.WriteException(error, ExceptionFormats.ShortenEverything);
                return InternalError;
        }
    }

    private static void Report(IAnsiConsole console, string message) =>
        console.MarkupLine($"[red]memcontrol:[/] {Markup.Escape(message)}");

    private static Exception Unwrap(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => exception,
    };
}

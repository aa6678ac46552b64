using MemControl.Cli;
using MemControl.Cli.Commands.Benchmark;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Processes;

namespace MemControl.Tests.Cli.Benchmark;

/// <summary>How a failed benchmark worker reaches the user: with the exit code and words a single process would have used.</summary>
public sealed class WorkerFailureTests
{
    [Fact]
    public void A_diverged_row_keeps_exit_code_4_and_its_message_even_after_another_rows_crash()
    {
        // Given
        WorkerFailure[] failures =
        [
            new("full", UserErrors.InternalError, "unexpected error (a bug — please report it with the lines below):"),
            new("difffit", UserErrors.TrainingDiverged, "the loss is NaN at step 12; training stopped (no checkpoint was written yet). Try a lower --lr."),
        ];

        // When
        var error = WorkerFailure.ToException(failures);

        // Then
        var child = Assert.IsType<ChildProcessFailedException>(error);
        Assert.Equal(UserErrors.TrainingDiverged, child.ExitCode);
        Assert.Contains("full, difffit", child.Message, StringComparison.Ordinal);
        Assert.Contains("the loss is NaN at step 12", child.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worker_killed_by_the_system_is_an_unexpected_failure_naming_its_exit_code()
    {
        // When
        var error = WorkerFailure.ToException([new WorkerFailure("full", 137, null)]);

        // Then
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("full exited with code 137", error.Message, StringComparison.Ordinal);
    }
}

using MemControl.Workflow.Processes;

namespace MemControl.Tests.Cli.Processes;

/// <summary>The memcontrol program writes its errors to standard error, so standard output holds only results.</summary>
public sealed class ErrorStreamTests
{
    [Fact]
    public async Task A_user_error_goes_to_standard_error_and_leaves_standard_output_empty()
    {
        // Given: a mistyped option, as a user would run it.
        using var process = System.Diagnostics.Process.Start(MemControlProgram.StartInfo(["search", "status", "--storage", "sqlite:///nowhere/none.db", "--jsn"]))!;

        // When
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", (await output).Trim());
        Assert.Contains("--jsn", error, StringComparison.Ordinal);
        Assert.Contains("--json", error, StringComparison.Ordinal);
    }
}

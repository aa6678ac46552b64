using MemControl.Workflow.Processes;

namespace MemControl.Tests.Cli.Processes;

/// <summary>
/// The memcontrol program writes its errors, warnings and progress to standard error, so standard output holds only
/// results and can be piped.
/// </summary>
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

    [Fact]
    public async Task Training_progress_goes_to_standard_error_and_the_results_to_standard_output()
    {
        // Given
        var output = Path.Combine(Path.GetTempPath(), $"memcontrol-streams-{Guid.NewGuid():N}");
        try
        {
            using var process = System.Diagnostics.Process.Start(MemControlProgram.StartInfo(
                ["train", "--model", "builtin", "--data", "phantoms", "--phantoms", "4", "--method", "difffit", "--steps", "2", "--batch", "2", "--out", output]))!;

            // When
            var results = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var status = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            // Then
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("training difffit", status, StringComparison.Ordinal);
            Assert.DoesNotContain("training difffit", await results, StringComparison.Ordinal);
            Assert.Contains("wrote adapter.safetensors", await results, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}

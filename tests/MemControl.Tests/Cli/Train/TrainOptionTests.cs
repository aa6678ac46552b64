using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Train;

/// <summary>Bad <c>train</c> options: one line naming the option, exit code 2, no stack trace, nothing written.</summary>
public sealed class TrainOptionTests : IDisposable
{
    private readonly string output = TrainRun.TemporaryFolder();

    [Theory]
    [InlineData("--steps", "-3", "--steps")]
    [InlineData("--method", "dora", "--method")]
    [InlineData("--mitigation", "blur", "--mitigation")]
    [InlineData("--mitigation", "threshold:-1", "--mitigation")]
    [InlineData("--variant", "fast", "--variant")]
    public void A_bad_option_is_one_line_naming_it(string option, string value, string named)
    {
        // Given: the options are checked before the model is read, so no model is needed.
        string[] args = ["train", "--model", "/nonexistent", "--data", "phantoms", "--method", "attention", "--out", output];
        var index = Array.IndexOf(args, option);
        args = index >= 0 ? [.. args[..(index + 1)], value, .. args[(index + 2)..]] : [.. args, option, value];

        // When
        var (exitCode, printed) = TrainRun.Cli(args);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(named, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_mask_of_the_wrong_length_names_the_mask_option_and_both_lengths()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();

        // When
        var (exitCode, printed) = TrainRun.Train(folder.Path, output, steps: 1, "--mask", "1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--mask", printed, StringComparison.Ordinal);
        Assert.Contains("21 bits", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "adapter.json")));
    }

    [Fact]
    public void A_missing_model_folder_is_one_line_naming_it_with_exit_code_3()
    {
        // When
        var (exitCode, printed) = TrainRun.Train("/nonexistent/model", output, steps: 1);

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("/nonexistent/model", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

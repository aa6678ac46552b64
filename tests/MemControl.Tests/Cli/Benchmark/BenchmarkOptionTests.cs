using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli.Benchmark;

/// <summary>Bad options end with one line naming the option and exit code 2 (3 for a missing file), before any model loads.</summary>
public sealed class BenchmarkOptionTests
{
    private static readonly string[] Base = ["benchmark", "--model", "/nonexistent-model", "--data", "phantoms", "--out", "/tmp/memcontrol-never-written"];

    [Theory]
    [InlineData("--rows", "full,warp", 2)]
    [InlineData("--threshold", "minus", 2)]
    [InlineData("--rwa", "threshold:auto", 2)]
    [InlineData("--curve-every", "-1", 2)]
    [InlineData("--curve-rows", "nope", 2)]
    [InlineData("--steps", "0", 2)]
    [InlineData("--sampling-steps", "0", 2)]
    [InlineData("--memorization-samples", "2", 2)]
    [InlineData("--mask", "/nonexistent/mask.json", 3)]
    [InlineData("--method-lr", "lora=1e-2", 2)]
    [InlineData("--method-lr", "difffit=-1", 2)]
    [InlineData("--method-lr", "difffit", 2)]
    [InlineData("--workers", "0", 2)]
    [InlineData("--memorization-set", "/nonexistent/memorization-set.csv", 3)]
    public void A_bad_value_names_its_option(string option, string value, int expectedExit)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli([.. Base, option, value]);

        // Then
        Assert.Equal(expectedExit, exitCode);
        Assert.Contains(option, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/tmp/memcontrol-never-written"));
    }

    [Theory]
    [InlineData("benchmark run", "--curve-every")]
    [InlineData("benchmark submit", "--partition")]
    [InlineData("benchmark submit", "--curve-every")]
    [InlineData("benchmark", "submit")]
    [InlineData("report", "--run")]
    public void The_help_page_lists_the_options(string command, string listed)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli([.. command.Split(' '), "--help"]);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains(listed, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_folder_is_named()
    {
        // Given
        var output = Path.Combine(Path.GetTempPath(), $"memcontrol-benchmark-nomodel-{Guid.NewGuid():N}");

        // When
        var (exitCode, printed) = TrainRun.Cli(["benchmark", "--model", "/nonexistent-model", "--data", "phantoms", "--phantoms", "4",
            "--rows", "freeze", "--prompts", "2", "--memorization-count", "0", "--out", output]);

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("--model", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "benchmark", "rows", "freeze")));
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

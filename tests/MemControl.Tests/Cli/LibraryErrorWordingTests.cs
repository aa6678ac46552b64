using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli;

/// <summary>
/// A user's mistake caught by a library check (which names properties) reads, on the command line, as the options the
/// user typed: one line, exit code 2, no property name, no stack trace, nothing written (docs/architecture.md, "Errors").
/// </summary>
public sealed class LibraryErrorWordingTests : IDisposable
{
    private readonly string output = TrainRun.TemporaryFolder();

    public static TheoryData<string[], string, string> Mistakes() => new()
    {
        { ["data", "phantoms", "--count", "0"], "--count: must be at least 1, got 0", "Count" },
        { ["data", "phantoms", "--count", "4", "--subjects", "9"], "--subjects: must lie between 1 and --count (4), got 9", "Subjects" },
        { ["data", "prepare", "--manifest", "/nonexistent/manifest.csv", "--repeats", "0"], "--repeats: must be at least 1, not 0", "MemorizationRepeats" },
        {
            ["train", "--model", "/nonexistent", "--data", "phantoms", "--method", "attention", "--grad-accum", "0"],
            "--grad-accum: must be at least 1, not 0", "GradientAccumulationSteps"
        },
        {
            ["search", "--model", "/nonexistent", "--data", "/nonexistent/manifest.csv", "--heartbeat-s", "5", "--grace-s", "1"],
            "--grace-s: must exceed --heartbeat-s > 0, not 1 and 5", "GraceSeconds"
        },
        {
            ["search", "--model", "/nonexistent", "--data", "/nonexistent/manifest.csv", "--lr-range", "1e-2:1e-3"],
            "--lr-range LOW: must be positive and below --lr-range HIGH, not 0.01 and 0.001", "LowestLearningRate"
        },
        {
            ["search", "submit", "--model", "/nonexistent", "--data", "/nonexistent/manifest.csv", "--time", "25h", "--dry-run"],
            "--time: '25h' is not HH:MM:SS or D-HH:MM:SS", "Time:"
        },
        { ["evaluate", "--model", "/nonexistent", "--data", "phantoms", "--batch", "0"], "--batch: must be at least 1, got 0", "BatchSize" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_library_check_names_the_option_the_user_typed(string[] command, string line, string property)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli([.. command, "--out", output]);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains($"memcontrol: {line}", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(property, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "a refused command wrote its output folder");
    }

    [Fact]
    public void A_missing_model_folder_names_the_model_option_and_exits_with_code_3()
    {
        // When: the library says "Model: folder … does not exist"
        var (exitCode, printed) = TrainRun.Cli("peft", "describe", "--model", "/nonexistent-model", "--method", "difffit");

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("memcontrol: --model: folder '/nonexistent-model' does not exist", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

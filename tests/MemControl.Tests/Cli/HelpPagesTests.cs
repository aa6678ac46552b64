using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli;

/// <summary>Every command's --help renders (Spectre reads square brackets in a description as markup and crashed on one).</summary>
public sealed class HelpPagesTests
{
    [Theory]
    [InlineData("demo")]
    [InlineData("info")]
    [InlineData("data", "phantoms")]
    [InlineData("data", "check")]
    [InlineData("search", "run")]
    [InlineData("search", "worker")]
    [InlineData("search", "status")]
    [InlineData("search", "bench")]
    [InlineData("peft", "describe")]
    [InlineData("pretrain")]
    [InlineData("train")]
    [InlineData("generate")]
    [InlineData("evaluate")]
    [InlineData("detect")]
    [InlineData("audit")]
    [InlineData("benchmark")]
    [InlineData("benchmark-worker")]
    [InlineData("report")]
    public void The_help_page_of_a_command_renders(params string[] command)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli([.. command, "--help"]);

        // Then
        Assert.True(exitCode == 0, printed);
        Assert.Contains("--", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }
}

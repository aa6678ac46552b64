using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli.Search;

/// <summary>Bad `memcontrol search` options are one line naming the option and exit code 2, before any model loads.</summary>
public sealed class SearchOptionTests
{
    [Theory]
    [InlineData("--trials", "-1", "--trials")]
    [InlineData("--method", "lora", "--method")]
    [InlineData("--objective", "loss", "--objective")]
    [InlineData("--population", "1", "--population")]
    [InlineData("--space", "coarse", "--space")]
    [InlineData("--workers", "0", "--workers")]
    [InlineData("--lr-range", "1e-3", "--lr-range")]
    [InlineData("--lr-range", "1e-3:1e-5", "--lr-range")]
    [InlineData("--lr-range", "0:1e-3", "--lr-range")]
    [InlineData("--lr", "1e-2", "--lr-range")]
    public void A_bad_value_names_its_option_and_exits_with_code_2(string option, string value, string named)
    {
        // Given
        string[] arguments = ["search", "--model", "/nonexistent/model", "--data", "/nonexistent/manifest.csv", "--out", Path.GetTempPath(), option, value];

        // When
        var (exitCode, printed) = TrainRun.Cli(arguments);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(named, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_model_the_search_says_so()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("search", "--data", "x.csv", "--out", Path.GetTempPath());

        // Then
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--model", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_run_help_lists_the_search_options()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("search", "run", "--help");

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains("--memorization-count", printed, StringComparison.Ordinal);
        Assert.Contains("--lr-range", printed, StringComparison.Ordinal);
        Assert.Contains("1e-5:1e-3", printed, StringComparison.Ordinal);
    }
}

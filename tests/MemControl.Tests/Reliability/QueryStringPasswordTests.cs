using MemControl.Cli;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Reliability;

/// <summary>A PostgreSQL password in the URL's query string (libpq reads ?password=) is refused like user:password@, never echoed.</summary>
public sealed class QueryStringPasswordTests : IDisposable
{
    private const string Secret = "hunter2-query";
    private readonly string output = TrainRun.TemporaryFolder();

    [Theory]
    [InlineData("?password=" + Secret)]
    [InlineData("?sslmode=disable&PassWord=" + Secret)]
    [InlineData("?pass%77ord=" + Secret)]
    public void Search_status_refuses_it_pointing_at_pgpassword_without_echoing_it(string query)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("search", "status", "--storage", $"postgresql://someone@127.0.0.1:5432/studies{query}");

        // Then
        Assert.Equal(UserErrors.BadUsage, exitCode);
        Assert.Contains("PGPASSWORD", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_refuses_it_before_writing_search_json()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli(
            "search", "--model", "builtin", "--data", "phantoms", "--out", output, "--storage", $"postgresql://someone@127.0.0.1:5432/studies?password={Secret}");

        // Then
        Assert.Equal(UserErrors.BadUsage, exitCode);
        Assert.DoesNotContain(Secret, printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "search.json")));
        Assert.True(!Directory.Exists(output) || Directory.GetFiles(output, "*", SearchOption.AllDirectories)
            .All(file => !File.ReadAllText(file).Contains(Secret, StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

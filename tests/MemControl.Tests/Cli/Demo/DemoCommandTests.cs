using System.Text.Json;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli.Demo;

/// <summary>The demo end to end at its smoke size, on the committed built-in model.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string run = Path.Combine(Path.GetTempPath(), $"memcontrol-demo-test-{Guid.NewGuid():N}");

    [Fact]
    public void The_smoke_demo_runs_every_stage_and_leaves_the_results_and_a_report()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("demo", "--profile", "smoke", "--workers", "1", "--out", run);

        // Then
        Assert.True(exitCode == 0, printed);
        foreach (var file in new[] { "data/training.csv", "data/memorization-set.csv", "search/mask.json", "search/front.csv", "results.json", "report.html", "report.md", "evaluate/metrics.json", "train/adapter.json" })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing; output:\n{printed}");
        }

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "results.json")));
        var rows = results.RootElement.GetProperty("rows").EnumerateArray().Select(row => row.GetProperty("row").GetString()).ToList();
        Assert.Equal(["freeze", "memcontrol"], rows);

        // The memorization set recurs in the training data exactly R times.
        var training = File.ReadAllLines(Path.Combine(run, "data", "training.csv"));
        Assert.Equal(2, training.Count(line => line.Contains(",train,2,", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_unknown_profile_is_refused_naming_the_option()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("demo", "--profile", "huge", "--out", run);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--profile", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }
    }
}

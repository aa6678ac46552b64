using System.Text.Json;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Benchmark;

/// <summary>End to end: <c>memcontrol benchmark</c> on the tiny parity pipeline, real training and real evaluation, kept tiny.</summary>
public sealed class BenchmarkCommandTests : IDisposable
{
    private readonly string run = Path.Combine(Path.GetTempPath(), $"memcontrol-benchmark-cli-{Guid.NewGuid():N}");

    [Fact]
    public void Two_rows_are_trained_evaluated_and_tabled_and_a_rerun_skips_them()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        string[] args =
        [
            "benchmark", "--model", folder.Path, "--data", "phantoms", "--phantoms", "4", "--rows", "freeze,full",
            "--steps", "1", "--batch", "2", "--prompts", "2", "--count", "2", "--memorization-count", "2",
            "--memorization-samples", "3", "--sampling-steps", "2", "--out", run,
        ];

        // When
        var (exitCode, printed) = TrainRun.Cli(args);
        var (rerunExit, rerunPrinted) = TrainRun.Cli(args);

        // Then
        Assert.True(exitCode == 0, printed);
        var benchmark = Path.Combine(run, "benchmark");
        foreach (var file in new[] { "results.json", "table.md", "table.csv", "table.html", "rows/full/adapter.safetensors", "rows/full/metrics.json", "rows/full/grid.png", "rows/full/gallery.png", "rows/freeze/result.json" })
        {
            Assert.True(File.Exists(Path.Combine(benchmark, file)), $"{file} missing; output:\n{printed}");
        }

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(benchmark, "results.json")));
        var rows = results.RootElement.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        var fd = rows[1].GetProperty("metrics").GetProperty("fd").GetDouble();
        Assert.True(double.IsFinite(fd) && fd >= 0, $"FD {fd}");
        Assert.Equal(JsonValueKind.Number, rows[1].GetProperty("metrics").GetProperty("extracted").ValueKind);
        Assert.True(rerunExit == 0, rerunPrinted);
        Assert.Contains("full: already done", rerunPrinted, StringComparison.Ordinal);
        Assert.DoesNotContain("full: training", rerunPrinted, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }
    }
}

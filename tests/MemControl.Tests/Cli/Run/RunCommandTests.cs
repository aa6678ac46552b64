using MemControl.Data.Manifests;
using MemControl.Data.Phantoms;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli.Run;

/// <summary>A user's own manifest (no split column) from data to report, with the documented commands only.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-run-test-{Guid.NewGuid():N}");

    private string UserManifest() =>
        PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 48, Subjects = 16, Seed = 11 }), Path.Combine(root, "user"), 16);

    [Fact]
    public void Run_takes_a_manifest_without_splits_through_every_stage_to_a_report()
    {
        // Given
        var run = Path.Combine(root, "run");

        // When
        var (exitCode, printed) = TrainRun.Cli("run", "--manifest", UserManifest(), "--profile", "smoke", "--workers", "1", "--out", run);

        // Then
        Assert.True(exitCode == 0, printed);
        foreach (var file in new[] { "data/manifest.csv", "data/memorization-set.csv", "data/training.csv", "data/data.json", "search/mask.json", "benchmark/results.json", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing; output:\n{printed}");
        }

        var report = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.DoesNotContain("train/train.json (", report.Split("Missing from this run folder")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Data_prepare_search_benchmark_and_report_of_one_run_share_its_memorization_set()
    {
        // Given
        var run = Path.Combine(root, "run");
        var (prepared, preparePrinted) = TrainRun.Cli("data", "prepare", "--manifest", UserManifest(), "--memorization-count", "2", "--repeats", "3", "--out", run);
        Assert.True(prepared == 0, preparePrinted);
        var memorizationSet = Path.Combine(run, "data", "memorization-set.csv");
        var before = File.ReadAllText(memorizationSet);

        // When: search and benchmark with the prepared files and the same --out, at the smoke profile's sizes.
        var (searched, searchPrinted) = TrainRun.Cli("search", "--model", "builtin", "--data", Path.Combine(run, "data", "manifest.csv"), "--profile", "smoke", "--out", run);
        var (benchmarked, benchmarkPrinted) = TrainRun.Cli("benchmark", "--model", "builtin", "--data", Path.Combine(run, "data", "training.csv"), "--profile", "smoke", "--rows", "freeze", "--out", run);
        var (reported, reportPrinted) = TrainRun.Cli("report", "--run", run);

        // Then
        Assert.True(searched == 0, searchPrinted);
        Assert.True(benchmarked == 0, benchmarkPrinted);
        Assert.True(reported == 0, reportPrinted);
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.Equal(before, File.ReadAllText(memorizationSet));
        Assert.Contains($"memorization set: 2 rows from {memorizationSet}", searchPrinted, StringComparison.Ordinal);
        Assert.Contains($"memorization set: 2 rows from {memorizationSet}", benchmarkPrinted, StringComparison.Ordinal);
        Assert.Equal(2, ManifestDataset.Open(memorizationSet).Items.Count);
    }

    [Fact]
    public void A_split_that_does_not_add_up_to_100_is_refused_naming_the_option()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("data", "prepare", "--manifest", UserManifest(), "--split", "70/20/20", "--out", Path.Combine(root, "run"));

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--split", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

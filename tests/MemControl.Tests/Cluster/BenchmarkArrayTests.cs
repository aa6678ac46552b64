using System.Diagnostics;
using MemControl.Tests.Cluster.Support;
using MemControl.Tests.Reliability.Support;
using MemControl.Workflow.Cluster;

namespace MemControl.Tests.Cluster;

/// <summary>
/// <c>benchmark submit</c> on a real (one-node) Slurm: a 2-row benchmark as a 2-task array, then <c>benchmark</c> with
/// the same options on the same folder, which finds both rows finished and only writes the tables.
/// </summary>
[Trait("Category", "Slurm")]
public sealed class BenchmarkArrayTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-slurm-benchmark-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_benchmark_array_runs_one_row_per_task_and_the_benchmark_afterwards_writes_the_tables_from_them()
    {
        // Given
        var cluster = SlurmCluster.Instance;
        if (cluster.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var clock = Stopwatch.StartNew();
        var run = Path.Combine(folder, "run");
        string[] benchmark =
        [
            "--model", "builtin", "--data", "phantoms", "--phantoms", "8", "--rows", "freeze,full", "--steps", "1", "--batch", "2",
            "--prompts", "2", "--count", "1", "--memorization-count", "0", "--sampling-steps", "1", "--out", run,
        ];

        // When: the rows are submitted, and the benchmark is run once the array has ended
        var (submitCode, submitted) = CliProcess.Run(["benchmark", "submit", .. benchmark, "--time", "00:10:00"], TimeSpan.FromMinutes(2));
        Assert.True(submitCode == 0, $"benchmark submit failed ({submitCode}):\n{submitted}");
        var slurm = Path.Combine(run, "benchmark", "slurm");
        var job = Assert.Single(SlurmJobs.Load(slurm).Jobs);
        WaitFor(() => SlurmCluster.Tasks(job.JobId).Count == 0, "the array to end", TimeSpan.FromMinutes(3));
        var logs = Directory.GetFiles(Path.Combine(slurm, "logs"), $"{job.JobId}_*.out").Order(StringComparer.Ordinal).ToList();
        foreach (var log in logs)
        {
            output.WriteLine($"--- {Path.GetFileName(log)}\n{File.ReadAllText(log)}");
        }

        var (resubmitCode, resubmitted) = CliProcess.Run(["benchmark", "submit", .. benchmark], TimeSpan.FromMinutes(2));
        var (tableCode, tables) = CliProcess.Run(["benchmark", .. benchmark], TimeSpan.FromMinutes(2));

        // Then
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s; array {job.JobId}");
        Assert.Equal("benchmark", job.Kind);
        Assert.Equal(2, job.Tasks);
        Assert.Equal([$"{job.JobId}_0.out", $"{job.JobId}_1.out"], logs.Select(Path.GetFileName));
        foreach (var row in new[] { "freeze", "full" })
        {
            Assert.True(File.Exists(Path.Combine(run, "benchmark", "rows", row, "result.json")), $"row {row} has no result.json");
        }

        Assert.True(resubmitCode == 0, resubmitted);
        Assert.Contains("every row is finished; nothing submitted", resubmitted, StringComparison.Ordinal);
        Assert.Single(SlurmJobs.Load(slurm).Jobs);
        Assert.True(tableCode == 0, tables);
        Assert.Contains("freeze: already done", tables, StringComparison.Ordinal);
        Assert.Contains("full: already done", tables, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "benchmark", "table.md")));
    }

    private static void WaitFor(Func<bool> condition, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return;
            }

            Thread.Sleep(250);
        }

        throw new TimeoutException($"waited {clock.Elapsed.TotalSeconds:F0} s for {what}");
    }
}

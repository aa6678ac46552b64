using System.Text.Json;
using MemControl.Tests.Cli.Train;
using MemControl.Cli.Commands.Benchmark;
using MemControl.Tests.Reliability.Support;
using MemControl.Tests.Support;
using TorchSharp;
using MemControl.Workflow.Benchmark;

namespace MemControl.Tests.Cli.Benchmark;

/// <summary>
/// <c>benchmark --workers W</c>: rows run side by side in <c>benchmark-worker</c> processes (this CLI started again) and
/// come out as they do one after another; a user's mistake a worker finds is the benchmark's own error.
/// </summary>
public sealed class BenchmarkWorkersTests : IDisposable
{
    private readonly string serial = Path.Combine(Path.GetTempPath(), $"memcontrol-benchmark-serial-{Guid.NewGuid():N}");
    private readonly string parallel = Path.Combine(Path.GetTempPath(), $"memcontrol-benchmark-workers-{Guid.NewGuid():N}");

    [Fact]
    public void Rows_run_in_two_worker_processes_give_the_results_of_rows_run_one_after_another()
    {
        // Given: full fine-tuning at its own learning rate (--method-lr), the other rows at --lr
        using var folder = ParityPipelineFolder.Create();
        string[] Arguments(string run) =>
        [
            "benchmark", "--model", folder.Path, "--data", "phantoms", "--phantoms", "4", "--rows", "freeze,full,attention",
            "--steps", "2", "--batch", "2", "--lr", "1e-4", "--method-lr", "full=1e-3", "--prompts", "2", "--count", "2",
            "--memorization-count", "2", "--memorization-samples", "3", "--sampling-steps", "2", "--out", run,
        ];

        // When: this process at one torch thread, as each worker on 2 cores, so both runs round alike
        var threads = torch.get_num_threads();
        torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / 2));
        (int, string) serialRun;
        try
        {
            serialRun = TrainRun.Cli(Arguments(serial));
        }
        finally
        {
            torch.set_num_threads(threads);
        }

        var (serialExit, serialPrinted) = serialRun;
        var (parallelExit, parallelPrinted) = TrainRun.Cli([.. Arguments(parallel), "--workers", "2"]);

        // Then
        Assert.True(serialExit == 0, serialPrinted);
        Assert.True(parallelExit == 0, parallelPrinted);
        Assert.Contains("3 rows, 2 at a time", parallelPrinted, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(parallel, "benchmark", "plan.json")));
        // The rows' shared image features (FeatureFileCache) are kept in the run folder, where every worker finds them.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(parallel, "benchmark", "feature-cache"), "*.features"));
        var expected = Rows(serial);
        var actual = Rows(parallel);
        Assert.Equal(expected.Select(r => r.Row), actual.Select(r => r.Row));
        foreach (var (one, other) in expected.Zip(actual))
        {
            Assert.Equal(one.LearningRate, other.LearningRate);
            Assert.Equal(one.Extracted, other.Extracted);
            Assert.Equal(one.Fd, other.Fd, tolerance: 1e-6 * one.Fd);
            Assert.Equal(one.Amd, other.Amd, tolerance: 1e-9);
        }

        Assert.Equal([null, 1e-3, 1e-4], actual.Select(r => r.LearningRate));
        var table = File.ReadAllText(Path.Combine(parallel, "benchmark", "table.md"));
        Assert.Contains("learning rate 0.001 (Full FT); 0.0001 (Attention tuning)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_found_by_the_workers_ends_the_benchmark_with_exit_code_3_naming_the_option()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli([
            "benchmark", "--model", "/nonexistent-model", "--data", "phantoms", "--phantoms", "4", "--rows", "freeze,full,attention",
            "--prompts", "2", "--memorization-count", "0", "--workers", "2", "--out", parallel,
        ]);

        // Then: the workers' own message, no stack trace, and no third worker after the first two failed
        Assert.Equal(3, exitCode);
        Assert.Contains("--model", printed, StringComparison.Ordinal);
        // The closing line is the worker's own message (read from its standard error), not a bare exit code.
        var closing = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("memcontrol:", closing, StringComparison.Ordinal);
        Assert.DoesNotContain("exited with code", closing, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("attention: its worker", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(parallel, "benchmark", "rows", "freeze", "result.json")));
    }

    [Fact]
    public void A_worker_whose_parent_is_gone_stops_its_row_and_exits_as_interrupted()
    {
        // Given: a plan whose row would train for a very long time, and a "parent" that ends after 3 s
        using var folder = ParityPipelineFolder.Create();
        var plan = new BenchmarkPlan
        {
            Model = folder.Path, Data = "phantoms", Phantoms = 4, RunFolder = parallel, Steps = 1_000_000, BatchSize = 2, Prompts = 2, MemorizationCount = 0,
        };
        Directory.CreateDirectory(plan.BenchmarkFolder);
        var planPath = Path.Combine(plan.BenchmarkFolder, BenchmarkWorkers.PlanFile);
        BenchmarkJson.Write(planPath, plan);
        using var parent = System.Diagnostics.Process.Start("sleep", "3");

        // When
        using var worker = CliProcess.Start([BenchmarkWorkerCommand.Name, "--plan", planPath, "--rows", "full", "--parent", parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        parent.WaitForExit();

        // Then: the worker notices, stops at a training step and leaves the row unfinished (a rerun continues it)
        Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(3)), worker.Output);
        Assert.True(worker.ExitCode == 130, worker.Output);
        Assert.False(File.Exists(Path.Combine(plan.RowsFolder, "full", BenchmarkRunner.ResultFile)));
    }

    public void Dispose()
    {
        foreach (var run in new[] { serial, parallel }.Where(Directory.Exists))
        {
            Directory.Delete(run, recursive: true);
        }
    }

    private static List<(string Row, double? LearningRate, int Extracted, double Fd, double Amd)> Rows(string run)
    {
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "benchmark", "results.json")));
        return results.RootElement.GetProperty("rows").EnumerateArray().Select(row =>
        {
            var metrics = row.GetProperty("metrics");
            var rate = row.GetProperty("learning_rate");
            return (row.GetProperty("row").GetString()!, rate.ValueKind == JsonValueKind.Null ? (double?)null : rate.GetDouble(),
                metrics.GetProperty("extracted").GetInt32(), metrics.GetProperty("fd").GetDouble(), metrics.GetProperty("amd").GetDouble());
        }).ToList();
    }
}

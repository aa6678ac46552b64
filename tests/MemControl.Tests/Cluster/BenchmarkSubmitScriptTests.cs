using System.Diagnostics;
using MemControl.Cli;
using MemControl.Workflow.Cluster;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cluster;

/// <summary>The array script of <c>benchmark submit</c>, without a Slurm: rows become array indices, and no task watches a parent.</summary>
public sealed class BenchmarkSubmitScriptTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-benchmark-submit-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string[] Benchmark(string run) =>
    [
        "benchmark", "submit", "--model", "builtin", "--data", "phantoms", "--phantoms", "8", "--rows", "freeze,full", "--steps", "1", "--batch", "2",
        "--prompts", "2", "--count", "1", "--memorization-count", "0", "--out", run,
    ];

    [Fact]
    public void Each_unfinished_row_is_one_array_task_that_runs_a_worker_on_its_row_without_a_parent()
    {
        // Given: two unfinished rows of one plan
        BenchmarkTask[] tasks = [new("/runs/a/benchmark/plan.json", "freeze"), new("/runs/a/benchmark/plan.json", "full")];

        // When
        var (options, commands) = BenchmarkSubmission.ArrayJob(new SlurmOptions { Tasks = 1, Time = "01:00:00" }, tasks, threads: 0);
        var script = SlurmScript.Render(options, "/runs/a/benchmark/slurm/logs", commands);

        // Then
        var lines = script.Split('\n');
        Assert.Contains("#SBATCH --array=0-1", lines);
        Assert.Contains("#SBATCH --output=/runs/a/benchmark/slurm/logs/%A_%a.out", lines);
        Assert.Contains("task_values_0=('/runs/a/benchmark/plan.json' '/runs/a/benchmark/plan.json')", lines);
        Assert.Contains("task_values_1=('freeze' 'full')", lines);
        var worker = Assert.Single(lines, line => line.Contains("'benchmark-worker'", StringComparison.Ordinal));
        Assert.Contains("'--plan' \"${task_values_0[$SLURM_ARRAY_TASK_ID]}\" '--rows' \"${task_values_1[$SLURM_ARRAY_TASK_ID]}\" '--threads' '0'", worker, StringComparison.Ordinal);
        Assert.DoesNotContain("--parent", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_reads_its_own_row_even_in_an_array_submitted_after_earlier_ones()
    {
        // Given: the script of a resubmission (earlier tasks offset the worker index, never the rows)
        var options = new SlurmOptions { Tasks = 2, WorkerIndexOffset = 3, TaskValues = [["/p/it's a plan.json", "freeze"], ["/p/$HOME.json", "full"]] };
        var script = SlurmScript.Render(options, "/logs", [["printf", "%s|", SlurmScript.TaskValue(0), SlurmScript.TaskValue(1), SlurmScript.TaskIndex]]);
        var body = string.Join('\n', script.Split('\n').Where(l => !l.StartsWith('#') && !l.StartsWith("echo", StringComparison.Ordinal)));

        // When: bash runs the body as task 1 would
        var start = new ProcessStartInfo("bash", ["-c", body]) { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["SLURM_ARRAY_TASK_ID"] = "1";
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();

        // Then
        Assert.Equal("/p/$HOME.json|full|4|", output);
    }

    [Fact]
    public void Task_values_that_do_not_match_the_tasks_are_refused_naming_the_property()
    {
        var error = Assert.Throws<ArgumentException>(new SlurmOptions { Tasks = 3, TaskValues = [["a"], ["b"]] }.Validate);

        Assert.StartsWith("TaskValues:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_writes_the_plan_and_the_script_of_the_unfinished_rows_but_submits_nothing()
    {
        // Given
        var run = Path.Combine(folder, "run");

        // When
        var exitCode = MemControlApp.Run([.. Benchmark(run), "--dry-run"], new TestConsole());

        // Then
        Assert.Equal(0, exitCode);
        var plan = Path.Combine(run, "benchmark", "plan.json");
        Assert.True(File.Exists(plan));
        var script = File.ReadAllText(Path.Combine(run, "benchmark", "slurm", "benchmark.sbatch")).Split('\n');
        Assert.Contains("#SBATCH --array=0-1", script);
        Assert.Contains("task_values_1=('freeze' 'full')", script);
        Assert.Contains($"task_values_0=('{plan}' '{plan}')", script);
        Assert.False(File.Exists(Path.Combine(run, "benchmark", "slurm", "jobs.json")), "a dry run recorded a job");
    }

    [Fact]
    public void A_bad_time_limit_exits_with_one_line_naming_it_before_anything_is_written()
    {
        var console = new TestConsole();
        var run = Path.Combine(folder, "run");

        var exitCode = MemControlApp.Run([.. Benchmark(run), "--time", "1:00", "--dry-run"], console);

        Assert.Equal(2, exitCode);
        Assert.Contains("memcontrol: --time: '1:00' is not HH:MM:SS", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", console.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(run, "benchmark")));
    }
}

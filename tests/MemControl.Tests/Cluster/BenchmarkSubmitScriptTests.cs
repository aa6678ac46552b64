using System.Diagnostics;
using MemControl.Workflow.Cluster;

namespace MemControl.Tests.Cluster;

/// <summary>The array script of <c>benchmark submit</c>, without a Slurm: rows become array indices, and no task watches a parent.</summary>
public sealed class BenchmarkSubmitScriptTests
{
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
}

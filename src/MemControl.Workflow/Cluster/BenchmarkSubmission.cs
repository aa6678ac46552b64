using System.Globalization;
using MemControl.Workflow.Benchmark;

namespace MemControl.Workflow.Cluster;

/// <summary>
/// The Table-1 benchmark run by a Slurm array: this process (the login node) settles the run's splits and memorization
/// set and writes each part's plan.json, as <see cref="BenchmarkWorkflow.Run"/> does before it starts its workers, and
/// array task i runs <c>benchmark-worker --plan … --rows &lt;row i&gt;</c> for the i-th unfinished row. The tables are
/// written afterwards by <c>benchmark</c> with the same options, which then finds every row finished.
/// </summary>
public static class BenchmarkSubmission
{
    /// <summary>What <c>jobs.json</c> records as the arrays' kind.</summary>
    public const string Kind = "benchmark";

    /// <summary>
    /// Checks the plan, settles the run data and writes plan.json for every part (<see cref="BenchmarkSeeds.Parts"/>)
    /// that has unfinished rows; returns one task per unfinished row (none when every row is finished).
    /// </summary>
    public static IReadOnlyList<BenchmarkTask> Prepare(BenchmarkPlan plan, IReadOnlyList<BenchmarkRow> rows, Action<string> log)
    {
        var tasks = new List<BenchmarkTask>();
        foreach (var part in BenchmarkSeeds.Parts(plan))
        {
            var pending = BenchmarkWorkflow.Prepare(part, rows, log);
            if (pending.Count > 0)
            {
                var planPath = BenchmarkWorkers.WritePlan(part);
                tasks.AddRange(pending.Select(row => new BenchmarkTask(planPath, row.Id)));
            }
        }

        return tasks;
    }

    /// <summary>
    /// The array's options with each task's plan and row as its values, and the one command line every task runs. No
    /// <c>--parent</c>: a worker stops when its parent is gone, and the submitting process ends long before the tasks.
    /// <paramref name="threads"/> is the workers' torch threads (0: every core the task may use).
    /// </summary>
    public static (SlurmOptions Options, IReadOnlyList<IReadOnlyList<string>> Commands) ArrayJob(SlurmOptions options, IReadOnlyList<BenchmarkTask> tasks, int threads)
    {
        var withTasks = options with { Tasks = tasks.Count, TaskValues = tasks.Select(task => (IReadOnlyList<string>)[task.PlanPath, task.Row]).ToList() };
        var arguments = BenchmarkWorkers.WorkerArguments(SlurmScript.TaskValue(0), SlurmScript.TaskValue(1), threads.ToString(CultureInfo.InvariantCulture), parent: null);
        return (withTasks, [SearchSubmission.Program(arguments)]);
    }

    /// <summary>
    /// The folder of the benchmark's script, jobs.json and logs: <c>&lt;out&gt;/benchmark/slurm/</c>, beside the rows, so
    /// that it never mixes with a search submitted from the same run folder.
    /// </summary>
    public static string SlurmRunFolder(BenchmarkPlan plan) => Path.Combine(Path.GetFullPath(plan.RunFolder), "benchmark");

    /// <summary>
    /// Throws a <see cref="SlurmException"/> when an earlier benchmark array of this run folder still has tasks in the
    /// queue: their rows are unfinished but running, and a second task on a row would write its folder twice.
    /// </summary>
    public static void RequireNoneQueued(BenchmarkPlan plan)
    {
        var jobs = SlurmJobs.Load(SlurmFiles.FolderOf(SlurmRunFolder(plan))).Jobs.Where(job => job.Kind == Kind).Select(job => job.JobId).ToList();
        if (SlurmQueue.Tasks(jobs) is { Count: > 0 } queued)
        {
            throw new SlurmException(
                $"the benchmark array {queued[0].Id.Split('_')[0]} still has {queued.Count} task(s) queued or running ({string.Join(", ", queued.Take(5).Select(t => $"{t.Id} {t.State}"))}); "
                + "wait for it (or scancel it), then submit again for the rows still unfinished");
        }
    }
}

using MemControl.Workflow.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Benchmark;

/// <summary>
/// <c>memcontrol benchmark submit</c>: the benchmark's unfinished rows as a Slurm array, one row per task
/// (docs/cluster.md). The run data and plan.json are settled here (<see cref="BenchmarkSubmission.Prepare"/>); the
/// script, jobs.json and the tasks' logs go to <c>&lt;out&gt;/benchmark/slurm/</c>. Once the array has ended,
/// <c>benchmark</c> with the same options finds the rows finished and writes the tables; rerunning this submits only
/// the rows still unfinished.
/// </summary>
public sealed class BenchmarkSubmitCommand(IAnsiConsole console) : Command<BenchmarkSubmitSettings>
{
    public override int Execute(CommandContext context, BenchmarkSubmitSettings settings, CancellationToken cancellationToken)
    {
        var plan = BenchmarkCommand.Plan(settings);
        var rows = BenchmarkCommand.Rows(settings, plan, console);
        var slurm = new SlurmOptions
        {
            Tasks = 1, // the number of unfinished rows, known once the run data is settled
            JobName = "memcontrol-benchmark",
            Partition = settings.Partition,
            Account = settings.Account,
            Time = settings.Time,
            GpusPerTask = settings.GpusPerTask ?? (settings.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) ? 1 : 0),
            CpusPerTask = settings.Threads,
            Requeue = settings.Requeue,
            ExtraArguments = settings.SbatchArguments,
        };
        // Every option is checked before the run data is settled (which reads the whole manifest).
        OptionNames.Check(slurm.Validate, OptionTables.BenchmarkSlurm);
        if (!settings.DryRun)
        {
            BenchmarkSubmission.RequireNoneQueued(plan);
        }

        var tasks = BenchmarkSubmission.Prepare(plan, rows, line => console.WriteLine(line));
        var follow = $"memcontrol benchmark with the same options (less the Slurm ones) and --out {settings.Out}";
        if (tasks.Count == 0)
        {
            console.MarkupLineInterpolated($"every row is finished; nothing submitted. Write the tables with: {follow}");
            return 0;
        }

        var (options, commands) = BenchmarkSubmission.ArrayJob(slurm, tasks, settings.Threads ?? 0);
        var submitted = SlurmSubmission.Submit(BenchmarkSubmission.SlurmRunFolder(plan), SlurmFiles.BenchmarkScript, BenchmarkSubmission.Kind, options, commands, settings.DryRun);
        var taskRows = string.Join(", ", tasks.Select((task, index) => $"{index}: {task.Row}"));
        if (submitted.JobId is null)
        {
            Console.Out.Write(File.ReadAllText(submitted.Script));
            console.MarkupLineInterpolated($"dry run: the run data and plan.json are ready; wrote {submitted.Script} (tasks {taskRows}); submit it with: sbatch --parsable {submitted.Script}");
            return 0;
        }

        console.MarkupLineInterpolated($"submitted array job {submitted.JobId} ({tasks.Count} task(s): {taskRows}); recorded in {submitted.JobsFile}");
        console.MarkupLineInterpolated($"logs: {Path.Combine(Path.GetDirectoryName(submitted.Script)!, SlurmFiles.Logs)}/{submitted.JobId}_<task>.out");
        console.MarkupLineInterpolated($"when it has ended, write the tables with: {follow}");
        return 0;
    }
}

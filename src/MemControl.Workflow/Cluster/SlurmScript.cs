using System.Globalization;
using System.Text;

namespace MemControl.Workflow.Cluster;

/// <summary>
/// The batch script of an array job: <c>#SBATCH</c> lines from <see cref="SlurmOptions"/>, then the worker command
/// lines run one after the other in each task. A command's arguments are single-quoted for the shell, except the task
/// index, which the script reads from <c>$SLURM_ARRAY_TASK_ID</c> when the task starts.
/// </summary>
public static class SlurmScript
{
    /// <summary>Stands for the task's index in a command line; written as <c>"$SLURM_ARRAY_TASK_ID"</c>.</summary>
    public const string TaskIndex = "\u0000task-index\u0000";

    private const string TaskValuePrefix = "\u0000task-value-";

    /// <summary>Stands for the running task's <paramref name="column"/>-th value of <see cref="SlurmOptions.TaskValues"/>.</summary>
    public static string TaskValue(int column) => TaskValuePrefix + column.ToString(CultureInfo.InvariantCulture) + "\u0000";

    public static string Render(SlurmOptions options, string logFolder, IReadOnlyList<IReadOnlyList<string>> commands)
    {
        options.Validate();
        if (commands.Count == 0)
        {
            throw new ArgumentException("commands: a task needs at least one command line");
        }

        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append("# Written by memcontrol; one array task per worker (docs/cluster.md). Resubmitting writes it again.\n");
        void Directive(string text) => script.Append("#SBATCH ").Append(text).Append('\n');
        Directive($"--job-name={options.JobName}");
        Directive($"--array=0-{(options.Tasks - 1).ToString(CultureInfo.InvariantCulture)}");
        Directive("--ntasks=1");
        // %A is the array's job id, %a the task's index: one log per task, kept across resubmissions.
        Directive($"--output={Path.Combine(logFolder, "%A_%a.out")}");
        // The submitting shell's environment reaches every task: PGPASSWORD, MEMCONTROL_LIBTORCH, PATH to dotnet.
        Directive("--export=ALL");
        if (options.Partition is { } partition)
        {
            Directive($"--partition={partition}");
        }

        if (options.Account is { } account)
        {
            Directive($"--account={account}");
        }

        if (options.Time is { } time)
        {
            Directive($"--time={time}");
        }

        if (options.GpusPerTask > 0)
        {
            Directive($"--gpus-per-task={options.GpusPerTask.ToString(CultureInfo.InvariantCulture)}");
        }

        if (options.CpusPerTask is { } cpus)
        {
            Directive($"--cpus-per-task={cpus.ToString(CultureInfo.InvariantCulture)}");
        }

        if (options.Requeue)
        {
            Directive("--requeue");
        }

        foreach (var argument in options.ExtraArguments)
        {
            Directive(argument);
        }

        script.Append("set -euo pipefail\n");
        script.Append($"echo \"memcontrol worker $SLURM_ARRAY_JOB_ID task ${SlurmFiles.TaskIndexVariable} on $(hostname)\"\n");
        for (var column = 0; column < (options.TaskValues.Count == 0 ? 0 : options.TaskValues[0].Count); column++)
        {
            var values = options.TaskValues.Select(task => Word(task[column]));
            script.Append(CultureInfo.InvariantCulture, $"task_values_{column}=({string.Join(' ', values)})\n");
        }

        foreach (var command in commands)
        {
            script.Append(string.Join(' ', command.Select(argument => Word(argument, options.WorkerIndexOffset)))).Append('\n');
        }

        return script.ToString();
    }

    /// <summary>
    /// A word for bash: the task index as a variable (plus the offset), a task value as its array's element at the
    /// task index, anything else single-quoted (no expansion at all).
    /// </summary>
    public static string Word(string argument, int offset = 0) =>
        argument.StartsWith(TaskValuePrefix, StringComparison.Ordinal)
            ? $"\"${{task_values_{argument[TaskValuePrefix.Length..^1]}[${SlurmFiles.TaskIndexVariable}]}}\""
        : argument != TaskIndex ? "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : offset == 0 ? $"\"${SlurmFiles.TaskIndexVariable}\""
        : $"\"$(({offset.ToString(CultureInfo.InvariantCulture)} + {SlurmFiles.TaskIndexVariable}))\"";
}

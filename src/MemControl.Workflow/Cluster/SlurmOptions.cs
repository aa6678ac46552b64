using System.Text.RegularExpressions;
using static MemControl.Workflow.Requirements;

namespace MemControl.Workflow.Cluster;

/// <summary>
/// What an array job asks Slurm for: one task per worker, each on its own allocation (an array task is a job of its
/// own, so tasks may land on different nodes), the partition/account/time limit a site needs, and GPUs per task.
/// </summary>
public sealed partial record SlurmOptions
{
    /// <summary>Array tasks, one worker each (<c>#SBATCH --array=0-(Tasks-1)</c>).</summary>
    public required int Tasks { get; init; }

    /// <summary>The job's name in <c>squeue</c>.</summary>
    public string JobName { get; init; } = "memcontrol";

    public string? Partition { get; init; }

    public string? Account { get; init; }

    /// <summary>Time limit of each task, <c>HH:MM:SS</c> or <c>D-HH:MM:SS</c>.</summary>
    public string? Time { get; init; }

    /// <summary>GPUs of each task (0 = none asked for).</summary>
    public int GpusPerTask { get; init; }

    /// <summary>CPU cores of each task (null = the site's default).</summary>
    public int? CpusPerTask { get; init; }

    /// <summary>Lets Slurm requeue a task whose node failed or that was preempted (<c>#SBATCH --requeue</c>).</summary>
    public bool Requeue { get; init; }

    /// <summary>
    /// Added to each task's index to make its worker index: a resubmitted array continues after the tasks before it,
    /// so its workers seed their samplers differently from the earlier ones instead of drawing the same numbers again.
    /// </summary>
    public int WorkerIndexOffset { get; init; }

    /// <summary>
    /// Values that differ by task, one list per task (empty: none): the script holds them as bash arrays, and
    /// <see cref="SlurmScript.TaskValue"/>(k) in a command line stands for the k-th value of the running task. Indexed
    /// by the task's own index, never offset by <see cref="WorkerIndexOffset"/>: task i of every array runs list i.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> TaskValues { get; init; } = [];

    /// <summary>More <c>#SBATCH</c> options, passed through as given (e.g. <c>--qos=high</c>, <c>--mem=32G</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property that Slurm would refuse or that would break the script.</summary>
    public void Validate()
    {
        Require(Tasks >= 1, $"Tasks: an array needs at least 1 task, not {Tasks}");
        Require(WorkerIndexOffset >= 0, $"WorkerIndexOffset: must be 0 or more, not {WorkerIndexOffset}");
        Require(GpusPerTask >= 0, $"GpusPerTask: must be 0 or more, not {GpusPerTask}");
        Require(CpusPerTask is null or >= 1, $"CpusPerTask: must be at least 1, not {CpusPerTask}");
        Require(Time is null || TimePattern().IsMatch(Time), $"Time: '{Time}' is not HH:MM:SS or D-HH:MM:SS");
        Require(TaskValues.Count == 0 || TaskValues.Count == Tasks, $"TaskValues: {TaskValues.Count} lists of values for {Tasks} tasks; give one list per task");
        Require(TaskValues.Select(values => values.Count).Distinct().Count() <= 1, "TaskValues: every task needs the same number of values");
        foreach (var (name, value) in new[] { ("JobName", JobName), ("Partition", Partition), ("Account", Account) })
        {
            // One word each: these become #SBATCH lines, where a space or newline would end or break the directive.
            Require(value is null || WordPattern().IsMatch(value), $"{name}: '{value}' must be one word of letters, digits, '-', '_', '.' or ','");
        }

        foreach (var argument in ExtraArguments)
        {
            Require(argument.StartsWith('-') && !argument.Any(char.IsWhiteSpace),
                $"ExtraArguments: '{argument}' must be one sbatch option without spaces, such as --qos=high or --mem=32G");
        }
    }

    [GeneratedRegex(@"^(\d+-)?\d{1,3}:\d{2}:\d{2}$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.,\-]+$")]
    private static partial Regex WordPattern();
}

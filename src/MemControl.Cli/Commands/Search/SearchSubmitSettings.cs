using System.ComponentModel;
using MemControl.Search.Problems;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Search;

/// <summary>
/// Options of <c>memcontrol search submit</c>: the search's own options (as <c>search</c> takes them; --workers is the
/// number of array tasks) and what Slurm needs. With --problem the array runs a test problem's workers instead, to
/// try a cluster and its storage without a model.
/// </summary>
public sealed class SearchSubmitSettings : SearchSettings
{
    [CommandOption("--problem <NAME>")]
    [Description("Submit workers of a test problem (zdt1, …, lotz) instead of the MemControl search; no --model/--data needed.")]
    public string? Problem { get; init; }

    [CommandOption("--delay-ms <MS>")]
    [Description("With --problem: extra time each evaluation takes (to imitate a slow objective).")]
    public int DelayMs { get; init; }

    [CommandOption("--partition <P>")]
    [Description("Slurm partition of the tasks.")]
    public string? Partition { get; init; }

    [CommandOption("--account <A>")]
    [Description("Slurm account charged for the tasks.")]
    public string? Account { get; init; }

    [CommandOption("--time <HH:MM:SS>")]
    [Description("Time limit of each task (HH:MM:SS or D-HH:MM:SS); a task that hits it leaves its trial to be re-queued.")]
    public string? Time { get; init; }

    [CommandOption("--gpus-per-task <G>")]
    [Description("GPUs of each task (default 1 with --device cuda, else 0).")]
    public int? GpusPerTask { get; init; }

    [CommandOption("--sbatch-arg <ARG>")]
    [Description("An extra #SBATCH option, repeatable, written as given: --sbatch-arg=--qos=high --sbatch-arg=--mem=32G.")]
    public string[] SbatchArguments { get; init; } = [];

    [CommandOption("--requeue")]
    [Description("Let Slurm requeue a task whose node fails or that is preempted (#SBATCH --requeue).")]
    public bool Requeue { get; init; }

    [CommandOption("--single-node")]
    [Description("All tasks run on one node: allows SQLite storage with several --workers (it cannot be shared between nodes).")]
    public bool SingleNode { get; init; }

    [CommandOption("--dry-run")]
    [Description("Prepare the study and search.json and write <out>/slurm/search.sbatch, but do not submit it (also how other schedulers' workers are prepared).")]
    public bool DryRun { get; init; }

    public bool IsProblem => !string.IsNullOrWhiteSpace(Problem);

    public override ValidationResult Validate()
    {
        if (Workers < 1 || GpusPerTask is < 0 || DelayMs < 0)
        {
            return ValidationResult.Error("need --workers >= 1, --gpus-per-task >= 0 and --delay-ms >= 0.");
        }

        if (!IsProblem)
        {
            return base.Validate();
        }

        if (!BenchmarkProblems.Names.Contains(Problem!.ToLowerInvariant()))
        {
            return ValidationResult.Error($"--problem: unknown problem '{Problem}'; choose one of {string.Join(", ", BenchmarkProblems.Names)}.");
        }

        return string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
            : string.IsNullOrWhiteSpace(Storage) ? ValidationResult.Error("--storage is required with --problem (postgresql://user@host:port/db)")
            : ValidationResult.Success();
    }
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Benchmark;

/// <summary>
/// Options of <c>memcontrol benchmark submit</c>: the benchmark's own options (as <c>benchmark</c> takes them; each
/// unfinished row is one array task, so --workers plays no part) and what Slurm needs.
/// </summary>
public sealed class BenchmarkSubmitSettings : BenchmarkSettings
{
    [CommandOption("--partition <P>")]
    [Description("Slurm partition of the tasks.")]
    public string? Partition { get; init; }

    [CommandOption("--account <A>")]
    [Description("Slurm account charged for the tasks.")]
    public string? Account { get; init; }

    [CommandOption("--time <HH:MM:SS>")]
    [Description("Time limit of each task (HH:MM:SS or D-HH:MM:SS): one row's fine-tuning and evaluation.")]
    public string? Time { get; init; }

    [CommandOption("--gpus-per-task <G>")]
    [Description("GPUs of each task (default 1 with --device cuda, else 0).")]
    public int? GpusPerTask { get; init; }

    [CommandOption("--threads <T>")]
    [Description("Cores of each task (--cpus-per-task) and its torch threads (default: the site's cores per task, all used).")]
    public int? Threads { get; init; }

    [CommandOption("--sbatch-arg <ARG>")]
    [Description("An extra #SBATCH option, repeatable, written as given: --sbatch-arg=--qos=high --sbatch-arg=--mem=32G.")]
    public string[] SbatchArguments { get; init; } = [];

    [CommandOption("--requeue")]
    [Description("Let Slurm requeue a task whose node fails or that is preempted (#SBATCH --requeue).")]
    public bool Requeue { get; init; }

    [CommandOption("--dry-run")]
    [Description("Settle the run data, write plan.json and <out>/benchmark/slurm/benchmark.sbatch, but do not submit it.")]
    public bool DryRun { get; init; }

    public override ValidationResult Validate() =>
        GpusPerTask is < 0 ? ValidationResult.Error($"--gpus-per-task: must be 0 or more, not {GpusPerTask}")
        : Threads is < 1 ? ValidationResult.Error($"--threads: must be at least 1, not {Threads}")
        : base.Validate();
}

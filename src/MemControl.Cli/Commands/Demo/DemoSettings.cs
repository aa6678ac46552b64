using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Demo;

namespace MemControl.Cli.Commands.Demo;

public sealed class DemoSettings : CommandSettings
{
    [CommandOption("--quick")]
    [Description("The small version: fewer phantoms, trials, steps and rows (about a minute on 2 cores).")]
    public bool Quick { get; init; }

    [CommandOption("--profile <NAME>")]
    [Description("quick, default or smoke (every stage at the smallest size, to check an installation); --quick = --profile quick.")]
    public string? Profile { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("The run folder (default runs/demo). Rerunning with the same folder resumes: finished trials and rows are kept.")]
    public string Out { get; init; } = "runs/demo";

    [CommandOption("--workers <W>")]
    [Description("Worker processes of the search and of the benchmark rows (default 2: two 1-thread processes use 2 vCPUs better than one 2-thread process).")]
    public int Workers { get; init; } = 2;

    [CommandOption("--seed <N>")]
    [Description("Seed of the phantoms, the splits, the search and every training (default 0).")]
    public int Seed { get; init; }

    [CommandOption("--seeds <LIST>")]
    [Description("Train and evaluate the benchmark rows once per seed (e.g. 0,1,2) and report means with 95 % intervals; the search runs once, with --seed. Default: the profile's (default: 3 seeds from --seed; quick and smoke: --seed alone).")]
    public string? Seeds { get; init; }

    public override ValidationResult Validate() =>
        Workers < 1 ? ValidationResult.Error($"--workers: must be at least 1, not {Workers}") : ValidationResult.Success();
}

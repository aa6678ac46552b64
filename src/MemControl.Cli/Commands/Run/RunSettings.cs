using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Run;

/// <summary>Options of <c>memcontrol run</c>.</summary>
public sealed class RunSettings : CommandSettings
{
    [CommandOption("--manifest <CSV>")]
    [Description("Your data: a manifest CSV (image, caption, subject[, split, labels]) — docs/data-formats.md.")]
    public string? Manifest { get; init; }

    [CommandOption("--model <DIR|builtin>")]
    [Description("Diffusers pipeline folder of the base model, or 'builtin' (default; the 16-px built-in model).")]
    public string Model { get; init; } = "builtin";

    [CommandOption("--profile <NAME>")]
    [Description("Sizes of every stage: quick (minutes), default (the demo's; the default) or smoke (wiring only).")]
    public string Profile { get; init; } = "default";

    [CommandOption("--out <RUN>")]
    [Description("The run folder: data/, search/, benchmark/, report.html; a rerun resumes.")]
    public string? Out { get; init; }

    [CommandOption("--workers <W>")]
    [Description("Worker processes for search trials and benchmark rows (default 2; one thread each on CPU).")]
    public int Workers { get; init; } = 2;

    [CommandOption("--seed <K>")]
    [Description("Seed of the split, the search and every row.")]
    public int Seed { get; init; }

    [CommandOption("--seeds <LIST>")]
    [Description("Train and evaluate the benchmark rows once per seed (e.g. 0,1,2) and report means with 95 % intervals; the search runs once, with --seed. Default: the profile's (default: 3 seeds from --seed; quick and smoke: --seed alone).")]
    public string? Seeds { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Manifest) ? ValidationResult.Error("--manifest <CSV> is required")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <RUN> is required")
        : Workers < 1 ? ValidationResult.Error($"--workers must be at least 1, not {Workers}")
        : ValidationResult.Success();
}

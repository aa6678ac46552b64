using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Detection;

namespace MemControl.Cli.Commands.Detect;

/// <summary>Options of <c>memcontrol detect</c>: Wen et al.'s fast detector, first step(s) of a 25-step DDIM schedule, 4 noises per prompt.</summary>
public sealed class DetectSettings : CommandSettings
{
    [CommandOption("--model <DIR|builtin>")]
    [Description("Diffusers pipeline folder of the base model, or 'builtin'.")]
    public string? Model { get; init; }

    [CommandOption("--adapter <DIR>")]
    [Description("Folder with adapter.json + adapter.safetensors from `memcontrol train` (merged into the UNet).")]
    public string? Adapter { get; init; }

    [CommandOption("--prompt <TEXT>")]
    [Description("A prompt to score; repeat the option for several.")]
    public string[] Prompt { get; init; } = [];

    [CommandOption("--prompts <FILE>")]
    [Description("A text file with one prompt per line (blank lines skipped).")]
    public string? PromptsFile { get; init; }

    [CommandOption("--threshold <D>")]
    [Description("Flag a prompt as memorized when its score is above this.")]
    public double? Threshold { get; init; }

    [CommandOption("--calibrate-prompts <FILE>")]
    [Description("Prompts known not to be memorized, one per line: the threshold is the --calibration-quantile of their scores.")]
    public string? CalibratePrompts { get; init; }

    [CommandOption("--calibration-quantile <Q>")]
    [Description("Quantile of the calibration prompts' scores used as threshold (default 0.95: about 5 % false positives on plain prompts).")]
    public double CalibrationQuantile { get; init; } = 0.95;

    [CommandOption("--steps <N>")]
    [Description("Length of the DDIM schedule whose first steps run (default 25).")]
    public int Steps { get; init; } = 25;

    [CommandOption("--first-steps <N>")]
    [Description("Steps actually run and averaged (default 1, Wen et al.'s fastest detector).")]
    public int FirstSteps { get; init; } = 1;

    [CommandOption("--generations <N>")]
    [Description("Starting noises per prompt (default 4).")]
    public int Generations { get; init; } = 4;

    [CommandOption("--guidance <W>")]
    [Description("Classifier-free guidance weight of the sampling step (default 3).")]
    public double Guidance { get; init; } = 3.0;

    [CommandOption("--seed <K>")]
    [Description("Seed of the starting noises.")]
    public long Seed { get; init; }

    [CommandOption("--device <D>")]
    [Description("cpu (default), cuda or cuda:N.")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--json")]
    [Description("Print the result as JSON on standard output instead of a table.")]
    public bool Json { get; init; }

    [CommandOption("--out <FILE.json>")]
    [Description("Also write the result as JSON to this file.")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR|builtin> is required")
        : Prompt.Length == 0 && PromptsFile is null ? ValidationResult.Error("--prompt <TEXT> or --prompts <FILE> is required")
        : Threshold is not null && CalibratePrompts is not null ? ValidationResult.Error("--threshold and --calibrate-prompts: give one of them")
        : Threshold is { } t && !double.IsFinite(t) ? ValidationResult.Error($"--threshold: must be a number, not {t}")
        : ValidationResult.Success();
}

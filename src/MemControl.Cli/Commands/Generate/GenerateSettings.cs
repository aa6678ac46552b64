using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Generate;

/// <summary>Options of <c>memcontrol generate</c>; sampler defaults are SD-1.5's (50 steps, guidance 7.5).</summary>
public sealed class GenerateSettings : CommandSettings
{
    [CommandOption("--model <DIR>")]
    [Description("Diffusers pipeline folder of the base model, or 'builtin' (the 16-px built-in model).")]
    public string? Model { get; init; }

    [CommandOption("--adapter <DIR>")]
    [Description("Folder with adapter.json + adapter.safetensors from `memcontrol train` (must be for this base model).")]
    public string? Adapter { get; init; }

    [CommandOption("--prompt <TEXT>")]
    [Description("Prompt; repeat the option for several prompts (one grid row each).")]
    public string[] Prompts { get; init; } = [];

    [CommandOption("--negative <TEXT>")]
    [Description("Negative prompt for classifier-free guidance (default: the empty prompt).")]
    public string? Negative { get; init; }

    [CommandOption("--steps <N>")]
    [Description("Sampler steps (default 50).")]
    public int Steps { get; init; } = 50;

    [CommandOption("--guidance <W>")]
    [Description("Classifier-free guidance weight; ≤ 1 turns guidance off (default 7.5).")]
    public double Guidance { get; init; } = 7.5;

    [CommandOption("--seed <K>")]
    [Description("Seed of the starting noise; prompt i uses K + i.")]
    public long Seed { get; init; }

    [CommandOption("--count <N>")]
    [Description("Images per prompt (default 1).")]
    public int Count { get; init; } = 1;

    [CommandOption("--device <D>")]
    [Description("cpu (default), cuda or cuda:N.")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--out <FILE.png>")]
    [Description("Grid PNG; each image is also written beside it as FILE-0.png, FILE-1.png, ...")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR> is required")
        : Prompts.Length == 0 ? ValidationResult.Error("--prompt <TEXT> is required (repeat it for several prompts)")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <FILE.png> is required")
        : !Out.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? ValidationResult.Error($"--out: must be a .png file, not '{Out}'")
        : Steps < 1 ? ValidationResult.Error($"--steps: must be at least 1, not {Steps}")
        : Count < 1 ? ValidationResult.Error($"--count: must be at least 1, not {Count}")
        : !double.IsFinite(Guidance) ? ValidationResult.Error($"--guidance: must be a number, not {Guidance}")
        : ValidationResult.Success();
}

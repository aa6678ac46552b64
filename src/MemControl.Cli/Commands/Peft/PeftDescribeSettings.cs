using System.ComponentModel;
using Spectre.Console.Cli;
using MemControl.Workflow.BaseModels;

namespace MemControl.Cli.Commands.Peft;

/// <summary>Options of <c>memcontrol peft describe</c>; checked when the command runs (<see cref="PeftDescribeOptions"/>).</summary>
public sealed class PeftDescribeSettings : CommandSettings
{
    [CommandOption("--model <DIR|sd15>")]
    [Description("A diffusers pipeline folder or a unet/ folder (only its config.json is read), builtin (the built-in model), or sd15 for the SD-1.5 UNet configuration.")]
    public string? Model { get; init; }

    [CommandOption("--method <METHOD>")]
    [Description("The PEFT method: freeze, full, attention, svdiff, difffit or lora.")]
    public string? Method { get; init; }

    [CommandOption("--variant <VARIANT>")]
    [Description("The method's variant (svdiff: author (default) or memcontrol).")]
    public string? Variant { get; init; }

    [CommandOption("--space <SPACE>")]
    [Description("The mask space: default (one bit per attention block), official13 or fine (default: default).")]
    public string Space { get; init; } = "default";

    [CommandOption("--mask <BITS>")]
    [Description("The mask bits, e.g. 1,1,0,0,0,0,1,1,1,0,0,0,0 (default: every bit 1).")]
    public string? Mask { get; init; }

    [CommandOption("--json")]
    [Description("Print JSON instead of a table.")]
    public bool Json { get; init; }
}

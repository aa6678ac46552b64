using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Export;

namespace MemControl.Cli.Commands.Export;

/// <summary>Options of <c>memcontrol export</c>.</summary>
public sealed class ExportSettings : CommandSettings
{
    [CommandOption("--model <DIR>")]
    [Description("The base model the adapter was trained on: a diffusers pipeline folder, or `builtin`.")]
    public string? Model { get; init; }

    [CommandOption("--adapter <RUN>")]
    [Description("Folder with adapter.json + adapter.safetensors from `memcontrol train` (its --out).")]
    public string? Adapter { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder to create (must not exist, or be empty); written under a temporary name and renamed when complete.")]
    public string? Out { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("diffusers (default): the base pipeline folder with the adapter merged into the UNet, for StableDiffusionPipeline.from_pretrained; lora: pytorch_lora_weights.safetensors for load_lora_weights (LoRA adapters only).")]
    public string Format { get; init; } = "diffusers";

    [CommandOption("--dtype <TYPE>")]
    [Description("Floating-point type of the written weights: fp16, bf16 or fp32 (default).")]
    public string DType { get; init; } = "fp32";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR> is required")
        : string.IsNullOrWhiteSpace(Adapter) ? ValidationResult.Error("--adapter <RUN> is required")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
        : Format is not ("diffusers" or "lora") ? ValidationResult.Error($"--format: must be diffusers or lora, not '{Format}'")
        : DType.ToLowerInvariant() is not ("fp16" or "bf16" or "fp32" or "float16" or "bfloat16" or "float32")
            ? ValidationResult.Error($"--dtype: must be one of {ExportDType.Names}, not '{DType}'")
        : ValidationResult.Success();
}

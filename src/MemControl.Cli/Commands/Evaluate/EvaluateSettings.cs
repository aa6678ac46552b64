using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Evaluation;

namespace MemControl.Cli.Commands.Evaluate;

/// <summary>Options of <c>memcontrol evaluate</c>; defaults are sized for the built-in 16×16 model on a CPU (seconds).</summary>
public sealed class EvaluateSettings : CommandSettings
{
    [CommandOption("--model <DIR|builtin>")]
    [Description("Diffusers pipeline folder of the base model, or 'builtin'.")]
    public string? Model { get; init; }

    [CommandOption("--adapter <DIR>")]
    [Description("Folder with adapter.json + adapter.safetensors from `memcontrol train` (merged into the UNet).")]
    public string? Adapter { get; init; }

    [CommandOption("--data <MANIFEST|phantoms>")]
    [Description("Training data: a manifest.csv (its train split; held-out prompts from its test, else validation split), or 'phantoms' (as `train --data phantoms`; held-out phantoms come from the next seed).")]
    public string? Data { get; init; }

    [CommandOption("--phantoms <N>")]
    [Description("Training studies with --data phantoms (default 64, as `train`).")]
    public int Phantoms { get; init; } = 64;

    [CommandOption("--phantom-seed <K>")]
    [Description("Seed of the training phantoms (the `--seed` of the `train` run; default 0).")]
    public int PhantomSeed { get; init; }

    [CommandOption("--held-out <MANIFEST>")]
    [Description("Held-out prompts with their real images (overrides the split of --data).")]
    public string? HeldOut { get; init; }

    [CommandOption("--prompts <N>")]
    [Description("Held-out prompts evaluated, evenly spaced over the held-out items (default 16).")]
    public int Prompts { get; init; } = 16;

    [CommandOption("--count <N>")]
    [Description("Images per held-out prompt (default 4).")]
    public int Count { get; init; } = 4;

    [CommandOption("--memorization-set <MANIFEST>")]
    [Description("Memorization prompts (e.g. memorization-set.csv from the search); each row is matched to its training image by id, else by caption.")]
    public string? MemorizationSet { get; init; }

    [CommandOption("--memorization-count <N>")]
    [Description("Without --memorization-set: use the N training items with the longest captions as memorization prompts (default 0 = none).")]
    public int MemorizationCount { get; init; }

    [CommandOption("--memorization-samples <N>")]
    [Description("Samples per memorization prompt for the extraction attack and copying (default 10; official 50).")]
    public int MemorizationSamples { get; init; } = 10;

    [CommandOption("--steps <N>")]
    [Description("DDIM steps (default 25).")]
    public int Steps { get; init; } = 25;

    [CommandOption("--guidance <W>")]
    [Description("Classifier-free guidance weight (default 3).")]
    public double Guidance { get; init; } = 3.0;

    [CommandOption("--seed <K>")]
    [Description("Seed of the starting noise: same seed, same metrics.")]
    public long Seed { get; init; }

    [CommandOption("--batch <B>")]
    [Description("Generations per model call (default 16).")]
    public int Batch { get; init; } = 16;

    [CommandOption("--resolution <R>")]
    [Description("Generate and compare images at R×R pixels (latents R/8 through the VAE). Default: the model's own size.")]
    public int? Resolution { get; init; }

    [CommandOption("--mixed-precision <no|bf16|fp16>")]
    [Description("Generate with the weights in half precision (bf16 on the CPU; fp16: CUDA only).")]
    public string? MixedPrecision { get; init; }

    [CommandOption("--device <D>")]
    [Description("cpu (default), cuda or cuda:N.")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--features <ONNX>")]
    [Description("Feature extractor ONNX (input N×3×224×224, RGB in 0..1, ImageNet mean/std); default: the packaged ResNet-18.")]
    public string? Features { get; init; }

    [CommandOption("--replication-threshold <COSINE>")]
    [Description("Fixed cosine threshold for replication (default: calibrated from the train-to-train baseline; 0.5 is reported beside it).")]
    public double? ReplicationThreshold { get; init; }

    [CommandOption("--baseline-quantile <Q>")]
    [Description("Quantile of the train-to-train nearest-other cosines used as the calibrated replication threshold (default 0.95).")]
    public double BaselineQuantile { get; init; } = 0.95;

    [CommandOption("--top <N>")]
    [Description("Rows of the nearest-neighbour gallery, closest first (default 16).")]
    public int Top { get; init; } = 16;

    [CommandOption("--out <DIR>")]
    [Description("Output folder: metrics.json, grid.png, gallery.png, evaluation.md.")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR|builtin> is required")
        : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <MANIFEST|phantoms> is required")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
        : Phantoms < 2 ? ValidationResult.Error($"--phantoms: must be at least 2, not {Phantoms}")
        : Prompts < 1 ? ValidationResult.Error($"--prompts: must be at least 1, not {Prompts}")
        : Prompts * Count < 2 ? ValidationResult.Error("--prompts × --count: FD needs at least 2 generated images")
        : MemorizationCount < 0 ? ValidationResult.Error($"--memorization-count: must be at least 0, not {MemorizationCount}")
        : MemorizationSet is not null && MemorizationCount > 0 ? ValidationResult.Error("--memorization-set and --memorization-count: give one of them")
        : Top < 1 ? ValidationResult.Error($"--top: must be at least 1, not {Top}")
        : ValidationResult.Success();
}

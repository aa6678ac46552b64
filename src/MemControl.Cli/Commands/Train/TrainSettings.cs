using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.FineTuning;

namespace MemControl.Cli.Commands.Train;

/// <summary>Options of <c>memcontrol train</c>; the training defaults are the paper's (FineTuneOptions).</summary>
public sealed class TrainSettings : CommandSettings
{
    [CommandOption("--model <DIR>")]
    [Description("Diffusers pipeline folder (model_index.json, unet/, text_encoder/, tokenizer/, optional vae/), or 'builtin' (the 16-px built-in model).")]
    public string? Model { get; init; }

    [CommandOption("--data <MANIFEST>")]
    [Description("A manifest.csv (its train split when it has splits), or 'phantoms' for built-in synthetic chest X-rays.")]
    public string? Data { get; init; }

    [CommandOption("--allow-outside-paths")]
    [Description("Accept manifest image paths (and symbolic links) leading outside the manifest's folder.")]
    public bool AllowOutsidePaths { get; init; }

    [CommandOption("--phantoms <N>")]
    [Description("Studies generated with --data phantoms (default 64).")]
    public int Phantoms { get; init; } = 64;

    [CommandOption("--method <M>")]
    [Description("PEFT method: full, attention, svdiff, difffit, lora, freeze (default with --mask FILE: the file's).")]
    public string? Method { get; init; }

    [CommandOption("--variant <V>")]
    [Description("Method variant (svdiff: author or memcontrol).")]
    public string? Variant { get; init; }

    [CommandOption("--mask <FILE|BITS>")]
    [Description("Layer mask: a mask.json, or comma-separated bits such as 1,0,1 in --space.")]
    public string? Mask { get; init; }

    [CommandOption("--space <S>")]
    [Description("Mask space of bits given on the command line: default, official13 or fine.")]
    public string Space { get; init; } = "default";

    [CommandOption("--lr <X>")]
    [Description("Learning rate (default: a mask file's searched rate, else 1e-4).")]
    public double? LearningRate { get; init; }

    [CommandOption("--steps <N>")]
    [Description("Optimizer steps in total; a resumed run continues to this number (default 400).")]
    public int Steps { get; init; } = 400;

    [CommandOption("--batch <B>")]
    [Description("Batch size (default 8).")]
    public int Batch { get; init; } = 8;

    [CommandOption("--seed <K>")]
    [Description("Seed of data order, noise, timesteps and augmentation: same seed, same run on CPU.")]
    public int Seed { get; init; }

    [CommandOption("--mitigation <M>")]
    [Description("none, rwa (2 words, p 0.1, re-drawn), rwa-official (4 words fixed per caption), threshold:τ or threshold:auto.")]
    public string Mitigation { get; init; } = "none";

    [CommandOption("--checkpoint-every <K>")]
    [Description("Write a resumable checkpoint every K steps (and at the end); 0 = only at the end.")]
    public int CheckpointEvery { get; init; }

    [CommandOption("--resolution <R>")]
    [Description("Train at R×R pixels (images resized and centre-cropped; latents R/8 through the VAE). Default: the model's own size.")]
    public int? Resolution { get; init; }

    [CommandOption("--gradient-checkpointing")]
    [Description("Recompute the UNet blocks' activations in backward: far less memory, about a third more time.")]
    public bool GradientCheckpointing { get; init; }

    [CommandOption("--grad-accum <K>")]
    [Description("Accumulate K micro-batches per optimizer step: an effective batch of --batch × K (the paper's 128).")]
    public int GradAccum { get; init; } = 1;

    [CommandOption("--cache-latents")]
    [Description("Encode each training image (VAE posterior) and caption (text states) once and keep them in --out/latent-cache, reused by a rerun on the same model, data and resolution (needs a VAE).")]
    public bool CacheLatents { get; init; }

    [CommandOption("--mixed-precision <no|bf16|fp16>")]
    [Description("Store frozen weights in half precision; trainable tensors and optimizer state stay fp32 (fp16: CUDA only, with loss scaling).")]
    public string? MixedPrecision { get; init; }

    [CommandOption("--resume")]
    [Description("Continue from the checkpoint in --out.")]
    public bool Resume { get; init; }

    [CommandOption("--overwrite")]
    [Description("Train into an --out folder that holds a finished run, replacing it (without it, such a folder is refused).")]
    public bool Overwrite { get; init; }

    [CommandOption("--device <D>")]
    [Description("cpu (default), cuda or cuda:N.")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--out <DIR>")]
    [Description("Run folder: adapter, losses.csv, loss.png, train.json and checkpoints go there.")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR> is required")
        : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <MANIFEST|phantoms> is required")
        : string.IsNullOrWhiteSpace(Method) && !(Mask?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ?? false)
            ? ValidationResult.Error("--method <M> is required (unless --mask names a mask.json)")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
        : Phantoms < 1 ? ValidationResult.Error($"--phantoms: must be at least 1, not {Phantoms}")
        : ValidationResult.Success();
}

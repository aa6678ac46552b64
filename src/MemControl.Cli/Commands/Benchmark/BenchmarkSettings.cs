using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Benchmark;

namespace MemControl.Cli.Commands.Benchmark;

/// <summary>Options of <c>memcontrol benchmark</c>; training defaults as <c>train</c>, evaluation defaults as <c>evaluate</c>.</summary>
public class BenchmarkSettings : CommandSettings
{
    [CommandOption("--model <DIR>")]
    [Description("Diffusers pipeline folder, or 'builtin'.")]
    public string? Model { get; init; }

    [CommandOption("--data <MANIFEST>")]
    [Description("A manifest.csv (train split trained on, test/validation split evaluated on), or 'phantoms'.")]
    public string? Data { get; init; }

    [CommandOption("--phantoms <N>")]
    [Description("Studies generated with --data phantoms (default 64).")]
    public int Phantoms { get; init; } = 64;

    [CommandOption("--seeds <LIST>")]
    [Description("Train and evaluate every row once per seed (e.g. 0,1,2) and report means with 95 % intervals; default: --seed alone.")]
    public string? Seeds { get; init; }

    [CommandOption("--profile <NAME>")]
    [Description("Start from a profile's sizes (quick or default: the demo's; smoke) instead of the plain defaults; each option given still wins.")]
    public string? Profile { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("The run folder; rows, results.json and the tables go to <DIR>/benchmark/.")]
    public string? Out { get; init; }

    [CommandOption("--rows <IDS>")]
    [Description("Comma-separated row ids (default: all; the memcontrol rows only when a mask exists). E.g. full,full+rwa,svdiff+threshold.")]
    public string? Rows { get; init; }

    [CommandOption("--mask <FILE>")]
    [Description("The searched mask.json of the memcontrol rows (default <out>/search/mask.json).")]
    public string? Mask { get; init; }

    [CommandOption("--steps <N>")]
    [Description("Optimizer steps per row (default 400).")]
    public int? Steps { get; init; }

    [CommandOption("--batch <B>")]
    [Description("Batch size (default 8).")]
    public int? Batch { get; init; }

    [CommandOption("--lr <X>")]
    [Description("Learning rate of the method rows (default 1e-4); the searched mask uses its own.")]
    public double? LearningRate { get; init; }

    [CommandOption("--method-lr <LIST>")]
    [Description("Learning rates of single methods, replacing --lr for them: e.g. difffit=1e-2,svdiff=1e-2 (methods that train only scales and biases need a higher rate).")]
    public string? MethodLearningRates { get; init; }

    [CommandOption("--workers <W>")]
    [Description("Rows trained side by side, each in its own process with an equal share of the cores (default 1: one after another).")]
    public int Workers { get; init; } = 1;

    [CommandOption("--seed <K>")]
    [Description("Seed of training and evaluation.")]
    public int Seed { get; init; }

    [CommandOption("--rwa <KIND>")]
    [Description("RWA of the '+ RWA' rows: rwa (2 words, p 0.1, re-drawn; default) or rwa-official.")]
    public string Rwa { get; init; } = "rwa";

    [CommandOption("--threshold <TAU>")]
    [Description("Threshold of the '+ threshold' rows: a τ, or auto (drop each batch's top 10 %; default).")]
    public string Threshold { get; init; } = "auto";

    [CommandOption("--curve-every <K>")]
    [Description("Also evaluate the intermediate adapters every K steps (default 0 = only the final one).")]
    public int? CurveEvery { get; init; }

    [CommandOption("--curve-rows <IDS>")]
    [Description("Rows drawn as curves with --curve-every (default full,memcontrol).")]
    public string CurveRows { get; init; } = "full,memcontrol";

    [CommandOption("--prompts <N>")]
    [Description("Held-out prompts per evaluation (default 8).")]
    public int? Prompts { get; init; }

    [CommandOption("--held-out <MANIFEST>")]
    [Description("Held-out prompts' manifest (default: the data's test or validation split; next-seed phantoms).")]
    public string? HeldOut { get; init; }

    [CommandOption("--count <N>")]
    [Description("Images per held-out prompt (default 4).")]
    public int? Count { get; init; }

    [CommandOption("--memorization-count <N>")]
    [Description("Training captions (longest first) tried by the extraction attack (default 8; 0 = none).")]
    public int? MemorizationCount { get; init; }

    [CommandOption("--memorization-set <MANIFEST>")]
    [Description("The memorization prompts by id, e.g. the memorization-set.csv a search wrote (default: the --memorization-count longest training captions).")]
    public string? MemorizationSet { get; init; }

    [CommandOption("--memorization-samples <N>")]
    [Description("Samples per memorization prompt (default 10, at least 3).")]
    public int? MemorizationSamples { get; init; }

    [CommandOption("--sampling-steps <N>")]
    [Description("DDIM steps per generation (default 25).")]
    public int? SamplingSteps { get; init; }

    [CommandOption("--guidance <W>")]
    [Description("Classifier-free guidance weight (default 3).")]
    public double? Guidance { get; init; }

    [CommandOption("--resolution <R>")]
    [Description("Train every row at R×R pixels, and evaluate it at R (latents R/8 through the VAE). Default: the model's own size.")]
    public int? Resolution { get; init; }

    [CommandOption("--gradient-checkpointing")]
    [Description("Recompute the UNet blocks' activations in backward: far less memory, about a third more time.")]
    public bool GradientCheckpointing { get; init; }

    [CommandOption("--grad-accum <K>")]
    [Description("Accumulate K micro-batches per optimizer step: an effective batch of --batch × K (the paper's 128).")]
    public int GradAccum { get; init; } = 1;

    [CommandOption("--cache-latents")]
    [Description("Encode each training image (VAE posterior) and caption once per run, kept in <out>/latent-cache and reused by every row (needs a VAE).")]
    public bool CacheLatents { get; init; }

    [CommandOption("--mixed-precision <no|bf16|fp16>")]
    [Description("Frozen weights in half precision for every row's training and evaluation; trainable tensors and optimizer state stay fp32 (fp16: CUDA only).")]
    public string? MixedPrecision { get; init; }

    [CommandOption("--device <D>")]
    [Description("cpu (default), cuda or cuda:N.")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR> is required")
        : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <MANIFEST|phantoms> is required")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
        : Phantoms < 2 ? ValidationResult.Error($"--phantoms: must be at least 2, not {Phantoms}")
        : CurveEvery < 0 ? ValidationResult.Error($"--curve-every: must not be negative, not {CurveEvery}")
        : Prompts < 1 ? ValidationResult.Error($"--prompts: must be at least 1, not {Prompts}")
        : MemorizationCount < 0 ? ValidationResult.Error($"--memorization-count: must not be negative, not {MemorizationCount}")
        : ValidationResult.Success();
}

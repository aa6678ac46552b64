using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Search;

/// <summary>Options of <c>memcontrol search</c> (the MemControl mask search); defaults as <see cref="Cli.Search.SearchOptions"/>.</summary>
public class SearchSettings : CommandSettings
{
    [CommandOption("--model <DIR>")]
    [Description("Diffusers pipeline folder, or builtin.")]
    public string? Model { get; init; }

    [CommandOption("--data <MANIFEST>")]
    [Description("A manifest.csv or a folder holding one (e.g. from `data phantoms`); split by subject into train/validation.")]
    public string? Data { get; init; }

    [CommandOption("--method <M>")]
    [Description("svdiff (default), difffit, attention, or all (three studies and their merged global front).")]
    public string? Method { get; init; }

    [CommandOption("--space <S>")]
    [Description("Mask space: default (one bit per Transformer2DModel), official13 or fine.")]
    public string Space { get; init; } = "default";

    [CommandOption("--trials <N>")]
    [Description("Complete trials per study (default 100); a rerun continues to this number.")]
    public int? Trials { get; init; }

    [CommandOption("--population <P>")]
    [Description("NSGA-II population size (default 50).")]
    public int? Population { get; init; }

    [CommandOption("--storage <URL>")]
    [Description("sqlite:///path/study.db or postgresql://user@host:port/db (password from PGPASSWORD); default <out>/search/study.db.")]
    public string? Storage { get; init; }

    [CommandOption("--workers <W>")]
    [Description("Local worker processes sharing the study (default 1 = this process); each gets cores/W torch threads.")]
    public int Workers { get; init; } = 1;

    [CommandOption("--objective <KIND>")]
    [Description("Memorization objective: ratio (default), copying or paper (docs/decisions.md §6; docs/search.md says why ratio).")]
    public string Objective { get; init; } = "ratio";

    [CommandOption("--steps <N>")]
    [Description("Fine-tuning steps per trial (default 200).")]
    public int? Steps { get; init; }

    [CommandOption("--batch <B>")]
    [Description("Batch size of the fine-tuning (default 4).")]
    public int? Batch { get; init; }

    [CommandOption("--lr <X>")]
    [Description("Learning rate of the vanilla configurations queued first (default 1e-4); it must lie in --lr-range.")]
    public double? LearningRate { get; init; }

    [CommandOption("--lr-range <LOW:HIGH>")]
    [Description("The searched learning rates, log-uniform (default 1e-5:1e-3, docs/decisions.md §4; the built-in model's DiffFit and SV-DIFF need about 1e-3:3e-2).")]
    public string? LearningRateRange { get; init; }

    [CommandOption("--memorization-count <M>")]
    [Description("Distinct pairs in the memorization set (paper 100; default 10).")]
    public int? MemorizationCount { get; init; }

    [CommandOption("--memorization-repeats <R>")]
    [Description("Repeats of each memorization pair in D_HPO (paper 50; default 10).")]
    public int? MemorizationRepeats { get; init; }

    [CommandOption("--hpo-fraction <F>")]
    [Description("Share of the other training items added to D_HPO (paper 0.01).")]
    public double? HpoFraction { get; init; }

    [CommandOption("--validation-prompts <N>")]
    [Description("Validation prompts whose generations FD compares with their real images (default 16).")]
    public int? ValidationPrompts { get; init; }

    [CommandOption("--samples-per-prompt <S>")]
    [Description("Samples per memorization prompt for the copying objective (default 2).")]
    public int? SamplesPerPrompt { get; init; }

    [CommandOption("--aggregation <MAX|MEAN>")]
    [Description("How the memorization set's per-sample scores become the objective: max (the authors'; default for --objective paper) or mean (default for ratio and copying; far less noisy, docs/search.md).")]
    public string? Aggregation { get; init; }

    [CommandOption("--validation-samples <S>")]
    [Description("Generations per validation prompt for the trial's FD (default 4; more shrink FD's trial-to-trial noise, docs/search.md).")]
    public int? ValidationSamples { get; init; }

    [CommandOption("--probe-timesteps <K>")]
    [Description("Fixed timesteps per sample of the denoising-strength objectives (default 16; more shrink their draw noise, docs/search.md).")]
    public int? ProbeTimesteps { get; init; }

    [CommandOption("--generation-steps <N>")]
    [Description("Sampler steps of the objectives' generations (default 20).")]
    public int? GenerationSteps { get; init; }

    [CommandOption("--guidance <W>")]
    [Description("Classifier-free guidance of the objectives' generations (default 7.5).")]
    public double? Guidance { get; init; }

    [CommandOption("--seed <K>")]
    [Description("Seed of the splits, the memorization set, the fixed draws, the data order and the sampler.")]
    public int Seed { get; init; }

    [CommandOption("--resolution <R>")]
    [Description("Train every trial at R×R pixels, and generate and compare its images at R (latents R/8 through the VAE). Default: the model's own size.")]
    public int? Resolution { get; init; }

    [CommandOption("--gradient-checkpointing")]
    [Description("Recompute the UNet blocks' activations in backward: far less memory, about a third more time.")]
    public bool GradientCheckpointing { get; init; }

    [CommandOption("--grad-accum <K>")]
    [Description("Accumulate K micro-batches per optimizer step: an effective batch of --batch × K (the paper's 128).")]
    public int GradAccum { get; init; } = 1;

    [CommandOption("--cache-latents")]
    [Description("Encode each training image (VAE posterior) and caption once per run, kept in <out>/latent-cache and reused by every trial (needs a VAE).")]
    public bool CacheLatents { get; init; }

    [CommandOption("--mixed-precision <no|bf16|fp16>")]
    [Description("Frozen weights in half precision for every trial's training, probes and generations; trainable tensors and optimizer state stay fp32 (fp16: CUDA only).")]
    public string? MixedPrecision { get; init; }

    [CommandOption("--device <D>")]
    [Description("cpu (default), cuda or cuda:N.")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--threads <T>")]
    [Description("Torch threads of this process (default: all cores; with --workers, cores/W each).")]
    public int? Threads { get; init; }

    [CommandOption("--heartbeat-s <S>")]
    [Description("Heartbeat interval of a running trial (default 10).")]
    public double HeartbeatSeconds { get; init; } = 10;

    [CommandOption("--grace-s <S>")]
    [Description("A running trial silent this long is failed and queued again (default 120).")]
    public double GraceSeconds { get; init; } = 120;

    [CommandOption("--profile <NAME>")]
    [Description("Start from a profile's sizes (quick or default: the demo's; smoke) instead of the paper's; each option given still wins.")]
    public string? Profile { get; init; }

    [CommandOption("--memorization-set <MANIFEST>")]
    [Description("The memorization rows to use (e.g. <RUN>/data/memorization-set.csv of data prepare); default: the run's recorded set, else chosen and recorded in <RUN>/data/.")]
    public string? MemorizationSet { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Run folder; the search writes <out>/search/.")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR|builtin> is required")
        : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <MANIFEST> is required")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
        : ValidationResult.Success();
}

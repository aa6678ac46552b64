using System.Text.RegularExpressions;
using MemControl.Cli.Commands.Benchmark;
using MemControl.Cli.Commands.Data;
using MemControl.Cli.Commands.Detect;
using MemControl.Cli.Commands.Evaluate;
using MemControl.Cli.Commands.Pretrain;
using MemControl.Cli.Commands.Search;
using MemControl.Cli.Commands.Train;
using MemControl.Data.Loading;
using MemControl.Data.Memorization;
using MemControl.Data.Phantoms;
using MemControl.Data.Splits;
using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;
using MemControl.Metrics.Quality;
using MemControl.Metrics.Quality.Alignment;
using MemControl.Metrics.Statistics;
using MemControl.Metrics.Evaluation;
using MemControl.Training;
using MemControl.Training.Pretraining;
using MemControl.Workflow.Cluster;
using MemControl.Workflow.FineTuning;
using MemControl.Workflow.Pretraining;
using MemControl.Workflow.RunData;
using MemControl.Workflow.Search;

namespace MemControl.Cli;

/// <summary>
/// Which option of which command sets each library property (docs/architecture.md, "Errors"): the data
/// <see cref="OptionNames"/> rewords library errors with. OptionNamesTests checks every table against the commands' real
/// options and every property a library error can name against these tables.
/// </summary>
public static class OptionTables
{
    public static OptionTable Detect { get; } = new(typeof(DetectionOptions), typeof(DetectSettings), new Dictionary<string, string>
    {
        [nameof(DetectionOptions.Steps)] = "--steps",
        [nameof(DetectionOptions.FirstSteps)] = "--first-steps",
        [nameof(DetectionOptions.GenerationsPerPrompt)] = "--generations",
        [nameof(DetectionOptions.GuidanceScale)] = "--guidance",
        [nameof(DetectionOptions.Seed)] = "--seed",
    });

    public static OptionTable Evaluate { get; } = new(typeof(EvaluationOptions), typeof(EvaluateSettings), new Dictionary<string, string>
    {
        [nameof(EvaluationOptions.ImagesPerPrompt)] = "--count",
        [nameof(EvaluationOptions.SamplesPerMemorizationPrompt)] = "--memorization-samples",
        [nameof(EvaluationOptions.Steps)] = "--steps",
        [nameof(EvaluationOptions.GuidanceScale)] = "--guidance",
        [nameof(EvaluationOptions.Seed)] = "--seed",
        [nameof(EvaluationOptions.BatchSize)] = "--batch",
        [nameof(EvaluationOptions.ReplicationThreshold)] = "--replication-threshold",
        [nameof(EvaluationOptions.BaselineQuantile)] = "--baseline-quantile",
        [nameof(EvaluationOptions.Resolution)] = "--resolution",
    });

    public static OptionTable BenchmarkEvaluation { get; } = new(typeof(EvaluationOptions), typeof(BenchmarkSettings), new Dictionary<string, string>
    {
        [nameof(EvaluationOptions.ImagesPerPrompt)] = "--count",
        [nameof(EvaluationOptions.SamplesPerMemorizationPrompt)] = "--memorization-samples",
        [nameof(EvaluationOptions.Steps)] = "--sampling-steps",
        [nameof(EvaluationOptions.GuidanceScale)] = "--guidance",
        [nameof(EvaluationOptions.Seed)] = "--seed",
        [nameof(EvaluationOptions.Resolution)] = "--resolution",
    });

    public static OptionTable BenchmarkTraining { get; } = new(typeof(FineTuneOptions), typeof(BenchmarkSettings), new Dictionary<string, string>
    {
        [nameof(FineTuneOptions.Steps)] = "--steps",
        [nameof(FineTuneOptions.BatchSize)] = "--batch",
        [nameof(FineTuneOptions.LearningRate)] = "--lr",
    });

    public static OptionTable Train { get; } = new(typeof(FineTuneOptions), typeof(TrainSettings), new Dictionary<string, string>
    {
        [nameof(FineTuneOptions.Steps)] = "--steps",
        [nameof(FineTuneOptions.BatchSize)] = "--batch",
        [nameof(FineTuneOptions.LearningRate)] = "--lr",
        [nameof(FineTuneOptions.Seed)] = "--seed",
        [nameof(FineTuneOptions.CheckpointEvery)] = "--checkpoint-every",
        [nameof(FineTuneOptions.GradientAccumulationSteps)] = "--grad-accum",
        [nameof(FineTuneOptions.GradientCheckpointing)] = "--gradient-checkpointing",
        [nameof(FineTuneOptions.MixedPrecision)] = "--mixed-precision",
        [nameof(FineTuneOptions.Resolution)] = "--resolution",
    });

    /// <summary>The run folder and choices of a <c>train</c> run (<see cref="TrainRunner"/>'s errors; model, data, mask and method are <see cref="SameEverywhere"/>).</summary>
    public static OptionTable TrainRun { get; } = new(typeof(TrainRequest), typeof(TrainSettings), new Dictionary<string, string>
    {
        [nameof(TrainRequest.Output)] = "--out",
        [nameof(TrainRequest.Resume)] = "--resume",
        [nameof(TrainRequest.Overwrite)] = "--overwrite",
        [nameof(TrainRequest.Phantoms)] = "--phantoms",
        [nameof(TrainRequest.Mitigation)] = "--mitigation",
        [nameof(TrainRequest.Device)] = "--device",
    });

    /// <summary>The batches of a <c>train</c> run (the fine-tuner makes them from <see cref="Train"/>'s values).</summary>
    public static OptionTable TrainBatches { get; } = new(typeof(BatchLoaderOptions), typeof(TrainSettings), new Dictionary<string, string>
    {
        [nameof(BatchLoaderOptions.BatchSize)] = "--batch",
        [nameof(BatchLoaderOptions.Seed)] = "--seed",
    });

    public static OptionTable Pretrain { get; } = new(typeof(PretrainOptions), typeof(PretrainSettings), new Dictionary<string, string>
    {
        [nameof(PretrainOptions.Steps)] = "--steps",
        [nameof(PretrainOptions.BatchSize)] = "--batch",
        [nameof(PretrainOptions.LearningRate)] = "--lr",
        [nameof(PretrainOptions.Seed)] = "--seed",
    });

    /// <summary>The output folder of a <c>pretrain</c> run (<see cref="PretrainRunner"/>'s errors).</summary>
    public static OptionTable PretrainRun { get; } = new(typeof(PretrainRequest), typeof(PretrainSettings), new Dictionary<string, string>
    {
        [nameof(PretrainRequest.Output)] = "--out",
        [nameof(PretrainRequest.Threads)] = "--threads",
        [nameof(PretrainRequest.FdImages)] = "--fd-images",
    });

    /// <summary>
    /// The paper-scale properties (TrainingScale, and the same names in FineTuneOptions and EvaluationOptions) on each
    /// command that has them (docs/scale.md); every command words them alike.
    /// </summary>
    public static OptionTable TrainScale { get; } = new(typeof(TrainingScale), typeof(TrainSettings), ScaleFlags(all: true));

    public static OptionTable SearchScale { get; } = new(typeof(TrainingScale), typeof(SearchSettings), ScaleFlags(all: true));

    public static OptionTable BenchmarkScale { get; } = new(typeof(TrainingScale), typeof(BenchmarkSettings), ScaleFlags(all: true));

    /// <summary>evaluate generates only: resolution and precision.</summary>
    public static OptionTable EvaluateScale { get; } = new(typeof(TrainingScale), typeof(EvaluateSettings), ScaleFlags(all: false));

    public static OptionTable Search { get; } = new(typeof(SearchOptions), typeof(SearchSettings), new Dictionary<string, string>
    {
        [nameof(SearchOptions.Model)] = "--model",
        [nameof(SearchOptions.Data)] = "--data",
        [nameof(SearchOptions.Output)] = "--out",
        [nameof(SearchOptions.Method)] = "--method",
        [nameof(SearchOptions.Space)] = "--space",
        [nameof(SearchOptions.Trials)] = "--trials",
        [nameof(SearchOptions.Population)] = "--population",
        [nameof(SearchOptions.Storage)] = "--storage",
        [nameof(SearchOptions.Workers)] = "--workers",
        [nameof(SearchOptions.Steps)] = "--steps",
        [nameof(SearchOptions.BatchSize)] = "--batch",
        [nameof(SearchOptions.VanillaLearningRate)] = "--lr",
        [nameof(SearchOptions.LowestLearningRate)] = "--lr-range LOW",
        [nameof(SearchOptions.HighestLearningRate)] = "--lr-range HIGH",
        [nameof(SearchOptions.Objective)] = "--objective",
        [nameof(SearchOptions.MemorizationCount)] = "--memorization-count",
        [nameof(SearchOptions.MemorizationRepeats)] = "--memorization-repeats",
        [nameof(SearchOptions.MemorizationManifest)] = "--memorization-set",
        [nameof(SearchOptions.HpoFraction)] = "--hpo-fraction",
        [nameof(SearchOptions.ValidationPrompts)] = "--validation-prompts",
        [nameof(SearchOptions.SamplesPerPrompt)] = "--samples-per-prompt",
        [nameof(SearchOptions.ValidationSamplesPerPrompt)] = "--validation-samples",
        [nameof(SearchOptions.ProbeTimesteps)] = "--probe-timesteps",
        [nameof(SearchOptions.Aggregation)] = "--aggregation",
        [nameof(SearchOptions.GenerationSteps)] = "--generation-steps",
        [nameof(SearchOptions.GuidanceScale)] = "--guidance",
        [nameof(SearchOptions.Seed)] = "--seed",
        [nameof(SearchOptions.Device)] = "--device",
        [nameof(SearchOptions.TorchThreads)] = "--threads",
        [nameof(SearchOptions.HeartbeatSeconds)] = "--heartbeat-s",
        [nameof(SearchOptions.GraceSeconds)] = "--grace-s",
    });

    /// <summary>The memorization set a search draws (from <see cref="Search"/>'s values).</summary>
    public static OptionTable SearchMemorizationSet { get; } = new(typeof(MemorizationSetOptions), typeof(SearchSettings), new Dictionary<string, string>
    {
        [nameof(MemorizationSetOptions.Count)] = "--memorization-count",
        [nameof(MemorizationSetOptions.Repeats)] = "--memorization-repeats",
        [nameof(MemorizationSetOptions.HpoFraction)] = "--hpo-fraction",
        [nameof(MemorizationSetOptions.Seed)] = "--seed",
    });

    public static OptionTable SearchSlurm { get; } = new(typeof(SlurmOptions), typeof(SearchSubmitSettings), SlurmFlags((nameof(SlurmOptions.Tasks), "--workers")));

    public static OptionTable BenchmarkSlurm { get; } = new(typeof(SlurmOptions), typeof(BenchmarkSubmitSettings), SlurmFlags());

    public static OptionTable Phantoms { get; } = new(typeof(PhantomOptions), typeof(PhantomsCommand.Settings), new Dictionary<string, string>
    {
        [nameof(PhantomOptions.Count)] = "--count",
        [nameof(PhantomOptions.Subjects)] = "--subjects",
        [nameof(PhantomOptions.Seed)] = "--seed",
    });

    public static OptionTable Prepare { get; } = new(typeof(DataPreparationOptions), typeof(PrepareCommand.Settings), new Dictionary<string, string>
    {
        [nameof(DataPreparationOptions.MemorizationCount)] = "--memorization-count",
        [nameof(DataPreparationOptions.MemorizationRepeats)] = "--repeats",
        [nameof(DataPreparationOptions.ValidationFraction)] = "--split VAL",
        [nameof(DataPreparationOptions.TestFraction)] = "--split TEST",
        [nameof(DataPreparationOptions.Seed)] = "--seed",
    });

    /// <summary>The memorization set <c>data prepare</c> draws (from <see cref="Prepare"/>'s values).</summary>
    public static OptionTable PrepareMemorizationSet { get; } = new(typeof(MemorizationSetOptions), typeof(PrepareCommand.Settings), new Dictionary<string, string>
    {
        [nameof(MemorizationSetOptions.Count)] = "--memorization-count",
        [nameof(MemorizationSetOptions.Repeats)] = "--repeats",
        [nameof(MemorizationSetOptions.Seed)] = "--seed",
    });

    /// <summary>
    /// Names that mean one option in every command that has it: the inputs many library types take (the base model,
    /// a manifest, an adapter or mask file…). <see cref="Reworded"/> applies them to any error a command ends with,
    /// where the command has that option; elsewhere (a benchmark has no --method: a "Method: …" there is its mask
    /// file's) the name stays.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SameEverywhere { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Model"] = "--model",
        ["Data"] = "--data",
        ["Adapter"] = "--adapter",
        ["Mask"] = "--mask",
        [nameof(MemControl.Workflow.Benchmark.BenchmarkPlan.MaskFile)] = "--mask",
        [nameof(MemControl.Workflow.Benchmark.BenchmarkPlan.HeldOut)] = "--held-out",
        ["Method"] = "--method",
        ["Variant"] = "--variant",
        ["Space"] = "--space",
        ["RunFolder"] = "--run",
        ["Settings"] = "--settings",
        [nameof(MemControl.Data.Manifests.ManifestOptions.AllowPathsOutsideRoot)] = "--allow-outside-paths",
    };

    /// <summary>Every table above (what OptionNamesTests walks).</summary>
    public static IReadOnlyList<OptionTable> All { get; } =
    [
        Detect, Evaluate, BenchmarkEvaluation, BenchmarkTraining, Train, TrainRun, TrainBatches, Pretrain, PretrainRun, Search, SearchMemorizationSet,
        SearchSlurm, BenchmarkSlurm, Phantoms, Prepare, PrepareMemorizationSet,
    ];

    /// <summary>
    /// Options types no command builds from options: the library makes them from fixed values or from another
    /// options type's (SplitOptions from DataPreparationOptions, whose <see cref="Prepare"/> table names the same
    /// properties), so their errors never reach a command-line user.
    /// </summary>
    public static IReadOnlySet<Type> BuiltByNoCommand { get; } = new HashSet<Type>
    {
        typeof(SplitOptions),
        typeof(ExtractionAttackOptions),
        typeof(OwnVersusOtherOptions),
        typeof(BootstrapOptions),
        typeof(KernelDistanceOptions),
        typeof(OnnxFeatureExtractorOptions),
        typeof(FindingsReaderOptions),
    };

    /// <summary>
    /// Properties a library check can name but no command sets from an option (a command leaves them at the library's
    /// valid default, or sets them in code): a C# caller sees their names, a command-line user never does.
    /// </summary>
    public static IReadOnlySet<(Type Options, string Property)> SetByNoOption { get; } = new HashSet<(Type, string)>
    {
        (typeof(FineTuneOptions), nameof(FineTuneOptions.OneDimensionalShiftLearningRate)),
        (typeof(FineTuneOptions), nameof(FineTuneOptions.WarmupSteps)),
        (typeof(FineTuneOptions), nameof(FineTuneOptions.CaptionDropout)),
        (typeof(FineTuneOptions), nameof(FineTuneOptions.MinSnrGamma)),
        (typeof(FineTuneOptions), nameof(FineTuneOptions.EmaDecay)),
        (typeof(PretrainOptions), nameof(PretrainOptions.WarmupSteps)),
        (typeof(PretrainOptions), nameof(PretrainOptions.CaptionDropout)),
        (typeof(PretrainOptions), nameof(PretrainOptions.EmaDecay)),
        (typeof(DetectionOptions), nameof(DetectionOptions.BatchSize)),
        (typeof(EvaluationOptions), nameof(EvaluationOptions.CopyingThreshold)),
        (typeof(BatchLoaderOptions), nameof(BatchLoaderOptions.Prefetch)),
        (typeof(BatchLoaderOptions), nameof(BatchLoaderOptions.Workers)),
        (typeof(PhantomOptions), nameof(PhantomOptions.Version)),
        (typeof(MemorizationSetOptions), nameof(MemorizationSetOptions.DuplicateSimilarity)),
        (typeof(MemorizationSetOptions), nameof(MemorizationSetOptions.Ids)),
        (typeof(SlurmOptions), nameof(SlurmOptions.JobName)),
        (typeof(SlurmOptions), nameof(SlurmOptions.WorkerIndexOffset)),
        (typeof(SlurmOptions), nameof(SlurmOptions.TaskValues)),
    };

    private static Dictionary<string, string> ScaleFlags(bool all)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [nameof(TrainingScale.Resolution)] = "--resolution",
            [nameof(TrainingScale.MixedPrecision)] = "--mixed-precision",
        };
        if (all)
        {
            flags[nameof(TrainingScale.GradientCheckpointing)] = "--gradient-checkpointing";
            flags[nameof(TrainingScale.GradientAccumulationSteps)] = "--grad-accum";
            flags[nameof(TrainingScale.CacheLatents)] = "--cache-latents";
            flags["LatentCache"] = "--cache-latents";
        }

        return flags;
    }

    private static Dictionary<string, string> SlurmFlags(params (string Property, string Flag)[] more)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [nameof(SlurmOptions.Partition)] = "--partition",
            [nameof(SlurmOptions.Account)] = "--account",
            [nameof(SlurmOptions.Time)] = "--time",
            [nameof(SlurmOptions.GpusPerTask)] = "--gpus-per-task",
            [nameof(SlurmOptions.CpusPerTask)] = "--threads",
            [nameof(SlurmOptions.Requeue)] = "--requeue",
            [nameof(SlurmOptions.ExtraArguments)] = "--sbatch-arg",
        };
        foreach (var (property, flag) in more)
        {
            flags[property] = flag;
        }

        return flags;
    }
}

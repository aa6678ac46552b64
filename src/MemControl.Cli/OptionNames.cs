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
using MemControl.Workflow.RunData;
using MemControl.Workflow.Search;

namespace MemControl.Cli;

/// <summary>
/// The one place library errors meet command-line words (docs/architecture.md, "Errors"): library code names its
/// properties ("FirstSteps: …") or says what it parsed, and a command re-words the error with the options the user
/// typed, through the tables below. OptionNamesTests checks every table against the commands' real options.
/// </summary>
public static class OptionNames
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
    });

    public static OptionTable BenchmarkEvaluation { get; } = new(typeof(EvaluationOptions), typeof(BenchmarkSettings), new Dictionary<string, string>
    {
        [nameof(EvaluationOptions.ImagesPerPrompt)] = "--count",
        [nameof(EvaluationOptions.SamplesPerMemorizationPrompt)] = "--memorization-samples",
        [nameof(EvaluationOptions.Steps)] = "--sampling-steps",
        [nameof(EvaluationOptions.GuidanceScale)] = "--guidance",
        [nameof(EvaluationOptions.Seed)] = "--seed",
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
        Detect, Evaluate, BenchmarkEvaluation, BenchmarkTraining, Train, TrainBatches, Pretrain, Search, SearchMemorizationSet,
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

    /// <summary>
    /// Runs a library check; its <see cref="ArgumentException"/> is re-thrown with every property name the message
    /// holds replaced by its option in <paramref name="tables"/> (whole words, so "Steps" is not "FirstSteps").
    /// </summary>
    public static void Check(Action check, params OptionTable[] tables) => Check<object?>(() =>
    {
        check();
        return null;
    }, tables);

    /// <inheritdoc cref="Check(Action, OptionTable[])"/>
    public static T Check<T>(Func<T> check, params OptionTable[] tables)
    {
        try
        {
            return check();
        }
        catch (ArgumentException error)
        {
            var flags = Merged(tables);
            var pattern = $@"\b({string.Join('|', flags.Keys.Select(Regex.Escape))})\b";
            throw new ArgumentException(Regex.Replace(error.Message, pattern, match => flags[match.Value]), error);
        }
    }

    /// <summary>
    /// A user's error as the command <paramref name="settings"/> words it: <see cref="SameEverywhere"/>'s names that are
    /// options of that command become the options; the exception keeps its type, so its exit code stays (UserErrors).
    /// </summary>
    public static Exception Reworded(Exception error, Type? settings)
    {
        if (settings is null)
        {
            return error;
        }

        var message = Reword(error.Message, settings);
        return message == error.Message ? error : error switch
        {
            FileNotFoundException missing => new FileNotFoundException(message, missing.FileName, error),
            DirectoryNotFoundException => new DirectoryNotFoundException(message, error),
            InvalidDataException => new InvalidDataException(message, error),
            ArgumentException => new ArgumentException(message, error),
            // A worker (benchmark-worker, search worker) has none of the options its parent's user typed.
            MemControl.Workflow.Processes.ChildProcessFailedException child => new MemControl.Workflow.Processes.ChildProcessFailedException(child.ExitCode, message),
            _ => error,
        };
    }

    /// <summary>A message (an error, a data problem) with <see cref="SameEverywhere"/>'s names that are options of <paramref name="settings"/> as those options.</summary>
    public static string Reword(string message, Type settings)
    {
        var options = settings.GetProperties()
            .SelectMany(property => property.GetCustomAttributes(typeof(Spectre.Console.Cli.CommandOptionAttribute), inherit: true))
            .Cast<Spectre.Console.Cli.CommandOptionAttribute>()
            .SelectMany(option => option.LongNames)
            .Select(name => $"--{name}")
            .ToHashSet(StringComparer.Ordinal);
        var flags = SameEverywhere.Where(pair => options.Contains(pair.Value)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return flags.Count == 0
            ? message
            : Regex.Replace(message, $@"\b({string.Join('|', flags.Keys.Select(Regex.Escape))})\b", match => flags[match.Value]);
    }

    /// <summary>A value parsed by the library from one option: its error is prefixed with the option's name.</summary>
    public static T Parsed<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{option}: {error.Message}", error);
        }
    }

    /// <summary>The tables of one check as one map; two tables giving one property different options is a bug here.</summary>
    private static Dictionary<string, string> Merged(IEnumerable<OptionTable> tables)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, flag) in tables.SelectMany(table => table.Flags))
        {
            if (flags.TryGetValue(property, out var other) && other != flag)
            {
                throw new InvalidOperationException($"OptionNames: '{property}' is both {other} and {flag} in one check");
            }

            flags[property] = flag;
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

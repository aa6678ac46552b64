using System.Globalization;
using System.Text.Json.Serialization;
using MemControl.Metrics.Memorization;
using MemControl.Models.Runtime;
using MemControl.Peft.Masks;
using MemControl.Search.Distributions;
using MemControl.Training;
using MemControl.Workflow.RunData;
using static MemControl.Workflow.Requirements;

namespace MemControl.Workflow.Search;

/// <summary>
/// Everything one MemControl search needs (docs/decisions.md §2, §4–§7): the base model and data, the PEFT method(s) and mask space,
/// the inner loop's budget, the objectives and the study. <c>memcontrol search</c> fills it from the command line; the
/// demo builds it in code and calls <see cref="SearchRunner.Run"/>. Serialised into <c>search.json</c> so a
/// <c>search worker --settings</c> on another machine runs exactly the same objective.
/// </summary>
public sealed record SearchOptions
{
    /// <summary>The methods <c>--method all</c> searches, each in its own study (the paper's three spaces).</summary>
    public static readonly IReadOnlyList<string> AllMethods = ["svdiff", "difffit", "attention"];

    /// <summary>Diffusers pipeline folder (or the word <c>builtin</c>).</summary>
    public required string Model { get; init; }

    /// <summary>A manifest.csv; its train split feeds the memorization set and D_HPO, its validation split the FD prompts.</summary>
    public required string Data { get; init; }

    /// <summary>The run's <c>search/</c> folder: study, trials, front, plot, picked mask.</summary>
    public required string Output { get; init; }

    /// <summary><c>svdiff</c>, <c>difffit</c>, <c>attention</c> or <c>all</c>.</summary>
    public string Method { get; init; } = "svdiff";

    /// <summary>Mask space: default, official13 or fine (docs/decisions.md §4).</summary>
    public string Space { get; init; } = "default";

    /// <summary>Complete trials per study; a rerun continues to this number.</summary>
    public int Trials { get; init; } = 100;

    /// <summary>NSGA-II population size (docs/decisions.md §7: 50).</summary>
    public int Population { get; init; } = 50;

    /// <summary>sqlite:///…, postgresql://…; null = <c>sqlite:///&lt;Output&gt;/study.db</c>.</summary>
    public string? Storage { get; init; }

    /// <summary>Local worker processes sharing the study; 1 = this process runs the trials.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Fine-tuning steps per trial.</summary>
    public int Steps { get; init; } = 200;

    public int BatchSize { get; init; } = 4;

    /// <summary>
    /// Resolution, gradient checkpointing, accumulation and mixed precision of every trial's fine-tuning
    /// (docs/scale.md); the resolution and precision also apply to the trial's generations and probes.
    /// </summary>
    public TrainingScale Scale { get; init; } = new();

    /// <summary>The learning rate of the vanilla configurations (docs/decisions.md §4 searches it log-uniform in [1e-5, 1e-3]).</summary>
    public double VanillaLearningRate { get; init; } = 1e-4;

    /// <summary>Lower end of the searched learning rate (docs/decisions.md §4: 1e-5).</summary>
    public double LowestLearningRate { get; init; } = MaskGenes.LowestLearningRate;

    /// <summary>Upper end of the searched learning rate (docs/decisions.md §4: 1e-3).</summary>
    public double HighestLearningRate { get; init; } = MaskGenes.HighestLearningRate;

    /// <summary>The learning-rate gene of every trial.</summary>
    [JsonIgnore]
    public FloatDistribution LearningRates => MaskGenes.LearningRate(LowestLearningRate, HighestLearningRate);

    /// <summary>Default ratio: the one that ranked models as their copying did on the built-in benchmark (docs/search.md, "Which memorization objective").</summary>
    public MemorizationObjectiveKind Objective { get; init; } = MemorizationObjectiveKind.Ratio;

    /// <summary>
    /// How the memorization set's per-sample scores become the objective: null = the objective's own — max for
    /// <c>paper</c> (the authors' code), mean for <c>ratio</c> and <c>copying</c>. The max of a few noisy per-sample
    /// strengths moves with the probe's draws as much as between trained models; the mean does not (measured,
    /// docs/search.md). A search.json written before this setting existed reads as what it used (max, copying mean).
    /// </summary>
    public ScoreAggregation? Aggregation { get; init; }

    /// <summary>The aggregation the objective uses: <see cref="Aggregation"/>, else the objective's default.</summary>
    [JsonIgnore]
    public ScoreAggregation EffectiveAggregation => Aggregation ?? (Objective == MemorizationObjectiveKind.Paper ? ScoreAggregation.Max : ScoreAggregation.Mean);

    /// <summary>N, distinct memorization pairs (paper: 100).</summary>
    public int MemorizationCount { get; init; } = 10;

    /// <summary>R, repeats of each memorization pair in D_HPO (paper: 50).</summary>
    public int MemorizationRepeats { get; init; } = 10;

    /// <summary>A manifest of the memorization rows to use; null reads the run's recorded set or selects one (RunDataResolver).</summary>
    public string? MemorizationManifest { get; init; }

    /// <summary>The data files this run's commands share: <c>data/</c> beside <see cref="Output"/> (the run folder's).</summary>
    [JsonIgnore]
    public RunDataFiles RunData => RunDataFiles.Of(Path.GetDirectoryName(Path.GetFullPath(Output))!);

    /// <summary>Share of the other training items added to D_HPO (paper: 1 %).</summary>
    public double HpoFraction { get; init; } = 0.01;

    /// <summary>Validation prompts whose generations are compared with their real images by FD.</summary>
    public int ValidationPrompts { get; init; } = 16;

    /// <summary>Samples per memorization prompt for the copying objective.</summary>
    public int SamplesPerPrompt { get; init; } = 2;

    /// <summary>
    /// Generations per validation prompt for the trial's FD: the real side is the same for every trial, so more
    /// generations shrink the part of FD's noise that can reorder trials (measured, docs/search.md). A search.json
    /// written before this setting existed reads as 1, what those searches generated.
    /// </summary>
    public int ValidationSamplesPerPrompt { get; init; } = DefaultValidationSamplesPerPrompt;

    /// <summary>
    /// Timesteps (with their fixed noises) per memorization and plain sample of the denoising-strength probes
    /// (docs/decisions.md §6): a sample's strength is their mean, so more of them shrink the draw noise of the
    /// objective (measured, docs/search.md). A search.json written before this setting existed reads as 4.
    /// </summary>
    public int ProbeTimesteps { get; init; } = DefaultProbeTimesteps;

    public const int DefaultValidationSamplesPerPrompt = 4;

    public const int DefaultProbeTimesteps = 16;

    /// <summary>Sampler steps of every generation the objectives make.</summary>
    public int GenerationSteps { get; init; } = 20;

    public double GuidanceScale { get; init; } = 7.5;

    /// <summary>Fixed draws (timesteps, noise, generation seeds), data order and the sampler's seed.</summary>
    public int Seed { get; init; }

    /// <summary>cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Torch intra-op threads of this process; null = leave libtorch's default (all cores).</summary>
    public int? TorchThreads { get; init; }

    /// <summary>Seconds between heartbeats of a running trial; a trial silent for <see cref="GraceSeconds"/> is failed and re-queued.</summary>
    public double HeartbeatSeconds { get; init; } = 10;

    public double GraceSeconds { get; init; } = 120;

    /// <summary>The methods this search runs, one study each.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Methods => Method == "all" ? AllMethods : [Method];

    /// <summary>The storage URL, with the default inside <see cref="Output"/>.</summary>
    [JsonIgnore]
    public string StorageUrl => Storage ?? $"sqlite:///{Path.Combine(Path.GetFullPath(Output), "study.db")}";

    /// <summary>The study of one method (one name per method and space, so a storage can hold several searches).</summary>
    public string StudyName(string method) => $"memcontrol-{method}-{Space}";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property that is out of range.</summary>
    public void Validate()
    {
        if (Method != "all" && !AllMethods.Contains(Method))
        {
            throw new ArgumentException($"{nameof(Method)}: unknown method '{Method}' (choose svdiff, difffit, attention or all)");
        }

        try
        {
            MaskSpaces.Parse(Space);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{nameof(Space)}: '{Space}' is not a mask space (choose default, official13 or fine)", error);
        }

        Parsed(nameof(Device), () => ComputeDevice.Parse(Device));
        Parsed(nameof(Storage), () => MemControl.Storage.StorageUrl.Parse(StorageUrl));
        Require(Trials >= 1, $"{nameof(Trials)}: must be at least 1, not {Trials}");
        Require(Population >= 2, $"{nameof(Population)}: must be at least 2, not {Population}");
        Require(Workers >= 1, $"{nameof(Workers)}: must be at least 1, not {Workers}");
        Require(Steps >= 1, $"{nameof(Steps)}: must be at least 1, not {Steps}");
        Require(BatchSize >= 1, $"{nameof(BatchSize)}: must be at least 1, not {BatchSize}");
        Require(LowestLearningRate > 0 && HighestLearningRate > LowestLearningRate && double.IsFinite(HighestLearningRate),
            $"{nameof(LowestLearningRate)}: must be positive and below {nameof(HighestLearningRate)}, not {LowestLearningRate.ToString(CultureInfo.InvariantCulture)} and {HighestLearningRate.ToString(CultureInfo.InvariantCulture)}");
        Require(VanillaLearningRate >= LowestLearningRate && VanillaLearningRate <= HighestLearningRate,
            $"{nameof(VanillaLearningRate)}: must lie in the searched range [{LowestLearningRate.ToString(CultureInfo.InvariantCulture)}, {HighestLearningRate.ToString(CultureInfo.InvariantCulture)}] ({nameof(LowestLearningRate)}, {nameof(HighestLearningRate)}), not {VanillaLearningRate.ToString(CultureInfo.InvariantCulture)}");
        Require(MemorizationCount >= 1, $"{nameof(MemorizationCount)}: must be at least 1, not {MemorizationCount}");
        Require(MemorizationRepeats >= 1, $"{nameof(MemorizationRepeats)}: must be at least 1, not {MemorizationRepeats}");
        Require(HpoFraction is >= 0 and <= 1, $"{nameof(HpoFraction)}: must lie in [0, 1], not {HpoFraction}");
        Require(ValidationPrompts >= 2, $"{nameof(ValidationPrompts)}: FD needs at least 2, not {ValidationPrompts}");
        Require(SamplesPerPrompt >= 1, $"{nameof(SamplesPerPrompt)}: must be at least 1, not {SamplesPerPrompt}");
        Require(ValidationSamplesPerPrompt >= 1, $"{nameof(ValidationSamplesPerPrompt)}: must be at least 1, not {ValidationSamplesPerPrompt}");
        Require(ProbeTimesteps >= 1, $"{nameof(ProbeTimesteps)}: must be at least 1, not {ProbeTimesteps}");
        Require(GenerationSteps >= 1, $"{nameof(GenerationSteps)}: must be at least 1, not {GenerationSteps}");
        Require(TorchThreads is null or >= 1, $"{nameof(TorchThreads)}: must be at least 1, not {TorchThreads}");
        Scale.Validate();
        Require(HeartbeatSeconds > 0 && GraceSeconds > HeartbeatSeconds, $"{nameof(GraceSeconds)}: must exceed {nameof(HeartbeatSeconds)} > 0, not {GraceSeconds} and {HeartbeatSeconds}");
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first property whose value differs from the one a study in
    /// the same folder was searched with (<paramref name="earlier"/>, from its search.json) and changes what a trial
    /// measures: resuming would mix trials measured differently (and a twin's values would be reused across them).
    /// Trials, Population, Workers, TorchThreads and the storage may change between runs.
    /// </summary>
    public void RequireSameMeasurement(SearchOptions earlier)
    {
        var properties = new (string Property, Func<SearchOptions, object> Value)[]
        {
            (nameof(Model), o => o.Model),
            (nameof(Data), o => Path.GetFullPath(o.Data)),
            (nameof(Method), o => o.Method),
            (nameof(Space), o => o.Space),
            (nameof(Objective), o => o.Objective),
            (nameof(Aggregation), o => o.EffectiveAggregation),
            (nameof(Steps), o => o.Steps),
            (nameof(BatchSize), o => o.BatchSize),
            (nameof(VanillaLearningRate), o => o.VanillaLearningRate),
            (nameof(LowestLearningRate), o => o.LowestLearningRate),
            (nameof(HighestLearningRate), o => o.HighestLearningRate),
            (nameof(MemorizationCount), o => o.MemorizationCount),
            (nameof(MemorizationRepeats), o => o.MemorizationRepeats),
            (nameof(HpoFraction), o => o.HpoFraction),
            (nameof(ValidationPrompts), o => o.ValidationPrompts),
            (nameof(SamplesPerPrompt), o => o.SamplesPerPrompt),
            (nameof(ValidationSamplesPerPrompt), o => o.ValidationSamplesPerPrompt),
            (nameof(ProbeTimesteps), o => o.ProbeTimesteps),
            (nameof(GenerationSteps), o => o.GenerationSteps),
            (nameof(GuidanceScale), o => o.GuidanceScale),
            (nameof(Seed), o => o.Seed),
            (nameof(TrainingScale.Resolution), o => o.Scale.Resolution?.ToString(CultureInfo.InvariantCulture) ?? "the model's size"),
            (nameof(TrainingScale.GradientAccumulationSteps), o => o.Scale.GradientAccumulationSteps),
            (nameof(TrainingScale.MixedPrecision), o => o.Scale.MixedPrecision),
        };
        foreach (var (property, value) in properties)
        {
            var (then, now) = (Convert.ToString(value(earlier), CultureInfo.InvariantCulture), Convert.ToString(value(this), CultureInfo.InvariantCulture));
            Require(then == now,
                $"{property}: the search in '{Output}' was run with {then}; resuming it with {now} would mix trials measured differently (give {then} again, or another {nameof(Output)})");
        }
    }
}

using System.Text.Json.Serialization;
using MemControl.Metrics.Evaluation;
using MemControl.Training;
using MemControl.Training.Mitigation;
using MemControl.Workflow.FineTuning;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Everything a benchmark run needs, as the CLI resolved it from its options (or a caller such as the demo built
/// directly): what to train on, how long, the mitigations' settings, the searched mask and the run folder.
/// </summary>
public sealed record BenchmarkPlan
{
    /// <summary>Diffusers folder (or <c>builtin</c>) each row starts from.</summary>
    public required string Model { get; init; }

    /// <summary>A manifest.csv (its train split) or <c>phantoms</c>.</summary>
    public required string Data { get; init; }

    /// <summary>Studies generated when <see cref="Data"/> is <c>phantoms</c>.</summary>
    public int Phantoms { get; init; } = 64;

    /// <summary>The run folder; rows go to <c>&lt;RunFolder&gt;/benchmark/rows/&lt;id&gt;/</c>.</summary>
    public required string RunFolder { get; init; }

    public int Steps { get; init; } = 400;

    public int BatchSize { get; init; } = 8;

    /// <summary>Learning rate of the method rows without one of their own in <see cref="MethodLearningRates"/>.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>
    /// Learning rates by method (full, svdiff, difffit, attention) that replace <see cref="LearningRate"/>: a method
    /// that trains a few scales and biases needs a higher rate than one that trains whole weights, and Table 1 compares
    /// each method at a rate that suits it. The searched mask always brings its own.
    /// </summary>
    public IReadOnlyDictionary<string, double> MethodLearningRates { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    public int Seed { get; init; }

    public string Device { get; init; } = "cpu";

    /// <summary>The RWA of the "+ RWA" rows: rwa (default, docs/decisions.md §9) or rwa-official.</summary>
    public MitigationChoice Rwa { get; init; } = new(MitigationKind.Rwa);

    /// <summary>The threshold of the "+ threshold" rows (default auto: drop each batch's top 10 %).</summary>
    public ThresholdMitigation Threshold { get; init; } = new(Tau: null);

    /// <summary>The searched mask (mask.json) of the MemControl rows; null = <c>&lt;RunFolder&gt;/search/mask.json</c>.</summary>
    public string? MaskFile { get; init; }

    /// <summary>Evaluate intermediate adapters every this many steps (docs/decisions.md §10 curves); 0 = only the final one.</summary>
    public int CurveEvery { get; init; }

    /// <summary>Ids of the rows whose intermediate adapters are evaluated when <see cref="CurveEvery"/> &gt; 0.</summary>
    public IReadOnlyCollection<string> CurveRows { get; init; } = ["full", BenchmarkRows.SearchedMask];

    /// <summary>Held-out prompts per evaluation (spread evenly over the held-out set).</summary>
    public int Prompts { get; init; } = 8;

    /// <summary>A manifest of held-out prompts; null = the data's test (else validation) split, or next-seed phantoms.</summary>
    public string? HeldOut { get; init; }

    /// <summary>Training captions (longest first) tried as prompts by the extraction attack; 0 = none.</summary>
    public int MemorizationCount { get; init; } = 8;

    /// <summary>
    /// A manifest of the memorization prompts (e.g. the <c>memorization-set.csv</c> a search wrote), matched to training
    /// rows by id; null = the <see cref="MemorizationCount"/> longest training captions.
    /// </summary>
    public string? MemorizationManifest { get; init; }

    /// <summary>How each row is evaluated (images per prompt, sampling steps, guidance, thresholds).</summary>
    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>
    /// Resolution, gradient checkpointing, accumulation and mixed precision of every row's fine-tuning (docs/scale.md);
    /// the rows are evaluated at this resolution and in this precision too.
    /// </summary>
    public TrainingScale Scale { get; init; } = new();

    /// <summary>The evaluation of each row: <see cref="Evaluation"/> at the training resolution unless it sets its own.</summary>
    [JsonIgnore]
    public EvaluationOptions RowEvaluation => Evaluation with { Resolution = Evaluation.Resolution ?? Scale.Resolution };

    /// <summary>The seeds to train and evaluate every row with (<see cref="BenchmarkSeeds"/>); null or one: <see cref="Seed"/> alone.</summary>
    public IReadOnlyList<int>? Seeds { get; init; }

    /// <summary>A sub-folder of <c>benchmark/</c> for one part of a larger benchmark (one seed's rows: <c>seed-1</c>).</summary>
    public string? Part { get; init; }

    public string BenchmarkFolder => Part is null
        ? Path.Combine(Path.GetFullPath(RunFolder), "benchmark")
        : Path.Combine(Path.GetFullPath(RunFolder), "benchmark", Part);

    public string RowsFolder => Path.Combine(BenchmarkFolder, "rows");

    /// <summary>SV-DIFF's SVDs of the base weights, shared by every row and seed: <c>&lt;RunFolder&gt;/benchmark/svd-cache/</c>.</summary>
    [JsonIgnore]
    public string SvdCacheFolder => Path.Combine(Path.GetFullPath(RunFolder), "benchmark", "svd-cache");

    /// <summary>The mask file the MemControl rows use: the one given, or the search's pick in the run folder.</summary>
    public string MaskPath => MaskFile is null ? Path.Combine(Path.GetFullPath(RunFolder), "search", "mask.json") : Path.GetFullPath(MaskFile);

    /// <summary>The intermediate steps evaluated for <paramref name="row"/>: multiples of CurveEvery below Steps.</summary>
    public IReadOnlyList<int> CurveSteps(BenchmarkRow row) =>
        CurveEvery <= 0 || row.IsFrozen || !CurveRows.Contains(row.Id)
            ? []
            : Enumerable.Range(1, (Steps - 1) / CurveEvery).Select(i => i * CurveEvery).ToList();

    /// <summary>The learning rate of a method row.</summary>
    public double LearningRateOf(string method) => MethodLearningRates.TryGetValue(method, out var rate) ? rate : LearningRate;

    /// <summary>The mitigation a row trains with.</summary>
    public MitigationChoice MitigationOf(BenchmarkRow row) => row.Mitigation switch
    {
        MitigationKind.None => new MitigationChoice(MitigationKind.None),
        MitigationKind.Threshold => new MitigationChoice(MitigationKind.Threshold, Threshold),
        _ => Rwa,
    };
}

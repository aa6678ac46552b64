using MemControl.Metrics.Evaluation;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Search;

namespace MemControl.Workflow.Demo;

/// <summary>
/// The sizes of one demo run. The memorization set is the paper's §4.1 construction at demo scale: phantoms whose
/// reports are long and unlike each other, each repeated R times in the training data, so that full fine-tuning has
/// something to copy. 16 of them (the default) make the own rank a mean over 16 prompts, not 4, so its interval over
/// seeds can separate rows; R keeps the memorization set's share of the training data near the earlier 4 × 60.
/// Learning rates suit each method on the built-in model (measured, docs/demo.md): full fine-tuning and attention
/// tuning at 1e-3, while DiffFit and SV-DIFF, which train only scales, shifts and biases, reach full fine-tuning's
/// quality only near 1e-2; so the search draws DiffFit masks with rates in [1e-3, 3e-2]. The default profile's search
/// averages its objectives over <see cref="SearchOptions.DefaultProbeTimesteps"/> probe timesteps and
/// <see cref="SearchOptions.DefaultValidationSamplesPerPrompt"/> generations per FD prompt (docs/search.md measures why);
/// the quick and smoke profiles keep 4 and 1, to stay within their minute.
/// </summary>
public sealed record DemoProfile(
    string Name,
    int Phantoms,
    int Subjects,
    int MemorizationCount,
    int MemorizationRepeats,
    string SearchMethod,
    double SearchLowestLearningRate,
    double SearchHighestLearningRate,
    int SearchTrials,
    int SearchPopulation,
    int SearchSteps,
    int SearchBatch,
    double HpoFraction,
    int ValidationPrompts,
    int BenchmarkSteps,
    int BenchmarkBatch,
    double BenchmarkLearningRate,
    string BenchmarkMethodLearningRates,
    string BenchmarkRows,
    int HeldOutPrompts,
    int ImagesPerPrompt,
    int SamplesPerMemorizationPrompt,
    int SamplingSteps,
    int SeedCount = 1,
    int CurveEvery = 0,
    int SearchProbeTimesteps = SearchOptions.DefaultProbeTimesteps,
    int SearchValidationSamples = SearchOptions.DefaultValidationSamplesPerPrompt)
{
    /// <summary>
    /// The seeds the benchmark rows are trained with when none are given: <see cref="SeedCount"/> consecutive seeds from
    /// <paramref name="seed"/> (the search runs once, with <paramref name="seed"/>). One seed's table can reorder with
    /// the next (docs/demo.md), so the default profile reports means with intervals over three.
    /// </summary>
    public IReadOnlyList<int> Seeds(int seed) => [.. Enumerable.Range(seed, SeedCount)];

    /// <summary>The methods whose rate is not <see cref="BenchmarkLearningRate"/> (benchmark <c>--method-lr</c>).</summary>
    private const string MethodRates = "difffit=1e-2,svdiff=1e-2";

    /// <summary>The vanilla configuration's rate: the searched method's own row rate.</summary>
    public double SearchVanillaLearningRate =>
        MethodLearningRates.Parse(BenchmarkMethodLearningRates).GetValueOrDefault(SearchMethod, BenchmarkLearningRate);

    public static DemoProfile Quick { get; } = new(
        "quick", Phantoms: 160, Subjects: 40, MemorizationCount: 8, MemorizationRepeats: 15,
        SearchMethod: "difffit", SearchLowestLearningRate: 1e-3, SearchHighestLearningRate: 3e-2, SearchTrials: 4, SearchPopulation: 2, SearchSteps: 50, SearchBatch: 8, HpoFraction: 0.2, ValidationPrompts: 8,
        BenchmarkSteps: 100, BenchmarkBatch: 16, BenchmarkLearningRate: 1e-3, BenchmarkMethodLearningRates: MethodRates, BenchmarkRows: "freeze,full,difffit,memcontrol",
        HeldOutPrompts: 8, ImagesPerPrompt: 2, SamplesPerMemorizationPrompt: 4, SamplingSteps: 15,
        SearchProbeTimesteps: 4, SearchValidationSamples: 1);

    /// <summary>Every stage at the smallest size that runs it: checks the wiring in about a minute, shows nothing.</summary>
    public static DemoProfile Smoke { get; } = new(
        "smoke", Phantoms: 48, Subjects: 16, MemorizationCount: 2, MemorizationRepeats: 2,
        SearchMethod: "difffit", SearchLowestLearningRate: 1e-3, SearchHighestLearningRate: 3e-2, SearchTrials: 2, SearchPopulation: 2, SearchSteps: 1, SearchBatch: 2, HpoFraction: 0.2, ValidationPrompts: 2,
        BenchmarkSteps: 1, BenchmarkBatch: 2, BenchmarkLearningRate: 1e-3, BenchmarkMethodLearningRates: MethodRates, BenchmarkRows: "freeze,memcontrol",
        HeldOutPrompts: 2, ImagesPerPrompt: 1, SamplesPerMemorizationPrompt: 3, SamplingSteps: 2,
        SearchProbeTimesteps: 1, SearchValidationSamples: 1);

    /// <summary>The profile's search (paper §4.2) of <paramref name="data"/> into <c>&lt;run&gt;/search</c>.</summary>
    public SearchOptions Search(string model, string data, string runFolder, int seed, int workers = 1) => new()
    {
        Model = model,
        Data = data,
        Output = Path.Combine(Path.GetFullPath(runFolder), "search"),
        Method = SearchMethod,
        Trials = SearchTrials,
        Population = SearchPopulation,
        Workers = workers,
        Steps = SearchSteps,
        BatchSize = SearchBatch,
        VanillaLearningRate = SearchVanillaLearningRate,
        LowestLearningRate = SearchLowestLearningRate,
        HighestLearningRate = SearchHighestLearningRate,
        MemorizationCount = MemorizationCount,
        MemorizationRepeats = MemorizationRepeats,
        HpoFraction = HpoFraction,
        ValidationPrompts = ValidationPrompts,
        SamplesPerPrompt = 2,
        ProbeTimesteps = SearchProbeTimesteps,
        ValidationSamplesPerPrompt = SearchValidationSamples,
        GenerationSteps = SamplingSteps,
        GuidanceScale = Guidance,
        Seed = seed,
    };

    /// <summary>The profile's Table-1 benchmark of <paramref name="data"/> (the training data) into <c>&lt;run&gt;/benchmark</c>.</summary>
    public BenchmarkPlan Benchmark(string model, string data, string runFolder, int seed, string? maskFile = null, string? memorizationManifest = null) => new()
    {
        Model = model,
        Data = data,
        RunFolder = Path.GetFullPath(runFolder),
        Steps = BenchmarkSteps,
        BatchSize = BenchmarkBatch,
        LearningRate = BenchmarkLearningRate,
        MethodLearningRates = MethodLearningRates.Parse(BenchmarkMethodLearningRates),
        Seed = seed,
        MaskFile = maskFile,
        MemorizationCount = MemorizationCount,
        MemorizationManifest = memorizationManifest,
        Prompts = HeldOutPrompts,
        CurveEvery = CurveEvery,
        Evaluation = new EvaluationOptions
        {
            ImagesPerPrompt = ImagesPerPrompt,
            SamplesPerMemorizationPrompt = SamplesPerMemorizationPrompt,
            Steps = SamplingSteps,
            GuidanceScale = Guidance,
            Seed = seed,

            // Small gray phantoms sit within the fixed copy thresholds of each other; τ calibrated below their
            // train-to-train distances tells a copy from a look-alike (docs/demo.md).
            CalibrateThresholds = true,
        },
    };

    /// <summary>Classifier-free guidance of the demo's generations: the built-in 16-px model samples best near 3 (docs/prototype.md, docs/demo.md).</summary>
    public double Guidance => 3.0;

    public static DemoProfile ByName(string name) => name switch
    {
        "quick" => Quick,
        "default" => Default,
        "smoke" => Smoke,
        _ => throw new ArgumentException($"unknown profile '{name}'; known: quick, default, smoke"),
    };

    public static DemoProfile Default { get; } = new(
        "default", Phantoms: 400, Subjects: 100, MemorizationCount: 16, MemorizationRepeats: 20,
        SearchMethod: "difffit", SearchLowestLearningRate: 1e-3, SearchHighestLearningRate: 3e-2, SearchTrials: 10, SearchPopulation: 4, SearchSteps: 100, SearchBatch: 16, HpoFraction: 0.2, ValidationPrompts: 16,
        BenchmarkSteps: 160, BenchmarkBatch: 16, BenchmarkLearningRate: 1e-3, BenchmarkMethodLearningRates: MethodRates,
        BenchmarkRows: "freeze,full,svdiff,difffit,attention,memcontrol,memcontrol+rwa,memcontrol+threshold",
        HeldOutPrompts: 16, ImagesPerPrompt: 4, SamplesPerMemorizationPrompt: 4, SamplingSteps: 25,
        SeedCount: 3, CurveEvery: 40);
}

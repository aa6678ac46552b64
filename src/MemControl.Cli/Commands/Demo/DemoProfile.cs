namespace MemControl.Cli.Commands.Demo;

/// <summary>
/// The sizes of one demo run. The memorization set is the paper's §4.1 construction at demo scale: a few phantoms whose
/// reports are the longest, each repeated R times in the training data, so that full fine-tuning has something to copy.
/// </summary>
public sealed record DemoProfile(
    string Name,
    int Phantoms,
    int Subjects,
    int MemorizationCount,
    int MemorizationRepeats,
    string SearchMethod,
    int SearchTrials,
    int SearchPopulation,
    int SearchSteps,
    int SearchBatch,
    double HpoFraction,
    int ValidationPrompts,
    int BenchmarkSteps,
    int BenchmarkBatch,
    double BenchmarkLearningRate,
    string BenchmarkRows,
    int HeldOutPrompts,
    int ImagesPerPrompt,
    int SamplesPerMemorizationPrompt,
    int SamplingSteps)
{
    public static DemoProfile Quick { get; } = new(
        "quick", Phantoms: 160, Subjects: 40, MemorizationCount: 4, MemorizationRepeats: 30,
        SearchMethod: "attention", SearchTrials: 4, SearchPopulation: 2, SearchSteps: 40, SearchBatch: 8, HpoFraction: 0.2, ValidationPrompts: 8,
        BenchmarkSteps: 100, BenchmarkBatch: 16, BenchmarkLearningRate: 1e-3, BenchmarkRows: "freeze,full,attention,memcontrol",
        HeldOutPrompts: 8, ImagesPerPrompt: 2, SamplesPerMemorizationPrompt: 4, SamplingSteps: 15);

    public static DemoProfile Default { get; } = new(
        "default", Phantoms: 400, Subjects: 100, MemorizationCount: 4, MemorizationRepeats: 60,
        SearchMethod: "attention", SearchTrials: 12, SearchPopulation: 4, SearchSteps: 120, SearchBatch: 16, HpoFraction: 0.2, ValidationPrompts: 16,
        BenchmarkSteps: 200, BenchmarkBatch: 16, BenchmarkLearningRate: 1e-3,
        BenchmarkRows: "freeze,full,svdiff,difffit,attention,memcontrol,memcontrol+rwa,memcontrol+threshold",
        HeldOutPrompts: 16, ImagesPerPrompt: 4, SamplesPerMemorizationPrompt: 8, SamplingSteps: 25);
}

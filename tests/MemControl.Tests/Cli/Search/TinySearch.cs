using MemControl.Cli.Search;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Memorization;
using MemControl.Tests.Support;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>
/// The tiny parity pipeline and a phantoms manifest (24 images of 8 subjects: 6 train, 1 validation, 1 test subject),
/// with search settings small enough for a trial to take seconds: memorization set of 2 × 1 plus 2 extra images, 1
/// fine-tuning step, 2 validation prompts, 1 copying sample per prompt, 1 sampler step.
/// </summary>
public sealed class TinySearch : IDisposable
{
    private readonly ParityPipelineFolder pipeline;

    public TinySearch()
    {
        pipeline = ParityPipelineFolder.Create();
        Root = Path.Combine(Path.GetTempPath(), $"memcontrol-search-test-{Guid.NewGuid():N}");
        Manifest = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 24, Subjects = 8, Seed = 3 }), Path.Combine(Root, "data"), 16);
    }

    public string Root { get; }

    public string Model => pipeline.Path;

    public string Manifest { get; }

    /// <summary>A fresh run folder under <see cref="Root"/>.</summary>
    public string NewRunFolder() => Path.Combine(Root, $"run-{Guid.NewGuid():N}");

    public SearchOptions Options(string runFolder, string method = "svdiff", int trials = 2, int steps = 1) => new()
    {
        Model = Model,
        Data = Manifest,
        Output = Path.Combine(runFolder, "search"),
        Method = method,
        Trials = trials,
        Population = 2,
        Steps = steps,
        BatchSize = 2,
        Objective = MemorizationObjectiveKind.Copying,
        MemorizationCount = 2,
        MemorizationRepeats = 1,
        HpoFraction = 0.1,
        ValidationPrompts = 2,
        SamplesPerPrompt = 1,
        GenerationSteps = 1,
        HeartbeatSeconds = 1,
        GraceSeconds = 30,
    };

    /// <summary>The same search as command-line arguments.</summary>
    public string[] Arguments(string runFolder, string method = "svdiff", int trials = 2) =>
    [
        "search", "--model", Model, "--data", Manifest, "--method", method, "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--population", "2", "--steps", "1", "--batch", "2", "--memorization-count", "2", "--memorization-repeats", "1", "--hpo-fraction", "0.1",
        "--validation-prompts", "2", "--samples-per-prompt", "1", "--generation-steps", "1", "--out", runFolder,
    ];

    public void Dispose()
    {
        pipeline.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

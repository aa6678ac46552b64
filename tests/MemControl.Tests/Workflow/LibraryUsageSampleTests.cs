using MemControl.Data.Phantoms;
using MemControl.Metrics.Evaluation;
using MemControl.Metrics.Memorization;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Workflow;

/// <summary>
/// The "use it from C#" sample of docs/architecture.md, kept compiling and running: a small search and a two-row
/// benchmark in code, with no CLI, on the built-in model and generated phantoms.
/// </summary>
public sealed class LibraryUsageSampleTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-library-sample-{Guid.NewGuid():N}");

    [Fact]
    public void A_search_and_a_benchmark_run_from_code_and_leave_the_mask_and_the_table()
    {
        // Sample start (docs/architecture.md, "Use it from C#")
        var manifest = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 24, Subjects = 8, Seed = 3 }), Path.Combine(root, "data"), 16);
        var heldOut = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 4, Subjects = 2, Seed = 4 }), Path.Combine(root, "held-out"), 16);
        var run = Path.Combine(root, "run");

        var search = SearchRunner.Run(new SearchOptions
        {
            Model = "builtin", Data = manifest, Output = Path.Combine(run, "search"),
            Method = "difffit", Trials = 2, Population = 2, Steps = 1, BatchSize = 2,
            MemorizationCount = 2, MemorizationRepeats = 1, HpoFraction = 0.1,
            ValidationPrompts = 2, SamplesPerPrompt = 1, GenerationSteps = 1,
            Objective = MemorizationObjectiveKind.Ratio,
        }, new LineSearchProgress(Console.WriteLine), TestContext.Current.CancellationToken);

        var results = BenchmarkWorkflow.Run(new BenchmarkPlan
        {
            Model = "builtin", Data = manifest, RunFolder = run, MaskFile = search.MaskPath,
            Steps = 1, BatchSize = 2, Prompts = 2, HeldOut = heldOut, MemorizationCount = 2,
            Evaluation = new EvaluationOptions { ImagesPerPrompt = 1, SamplesPerMemorizationPrompt = 3, Steps = 1, KeepImages = false },
        }, BenchmarkRows.Select("freeze,memcontrol"), Console.WriteLine, cancellationToken: TestContext.Current.CancellationToken);
        // Sample end

        Assert.True(File.Exists(search.MaskPath));
        Assert.Equal(["freeze", "memcontrol"], results.Rows.Select(r => r.Row));
        Assert.True(File.Exists(Path.Combine(run, "benchmark", "table.md")));
        Assert.All(results.Rows, row => Assert.True(row.Metrics.Fd is > 0));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

using MemControl.Cli.Commands.Benchmark;
using MemControl.Tests.Support;
using MemControl.Workflow.Benchmark;

namespace MemControl.Tests.Cli.Benchmark;

/// <summary>Resumability and curves of the benchmark runner, on the tiny parity pipeline with one training step.</summary>
public sealed class BenchmarkRunnerTests : IDisposable
{
    private readonly string run = Path.Combine(Path.GetTempPath(), $"memcontrol-benchmark-test-{Guid.NewGuid():N}");

    [Fact]
    public void A_second_run_skips_finished_rows_and_redoes_a_row_interrupted_mid_way()
    {
        // Given: freeze and full finished; then full's result removed and a half-written leftover put in its place.
        using var folder = ParityPipelineFolder.Create();
        var plan = Plan(folder.Path);
        var rows = BenchmarkRows.Select("freeze,full");
        var first = new CountingEvaluator();
        new BenchmarkRunner(plan, first, _ => { }).Run(rows, TestContext.Current.CancellationToken);
        var fullResult = Path.Combine(plan.RowsFolder, "full", BenchmarkRunner.ResultFile);
        File.Delete(fullResult);
        File.WriteAllText(fullResult + ".tmp-1-x", "{ half");

        // When
        var second = new CountingEvaluator();
        var log = new List<string>();
        var results = new BenchmarkRunner(plan, second, log.Add).Run(rows, TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(2, first.Folders.Count);
        Assert.Equal([Path.Combine(plan.RowsFolder, "full")], second.Folders);
        Assert.Contains("freeze: already done (result.json exists), skipped", log);
        Assert.True(File.Exists(fullResult));
        Assert.Equal(["freeze", "full"], results.Select(r => r.Row));
        Assert.Equal(1, results[1].Steps);
        Assert.True(results[1].TrainableCount > 0);
        Assert.Equal(0, results[0].TrainableCount);
        Assert.True(File.Exists(Path.Combine(plan.RowsFolder, "full", "adapter.safetensors")));
        Assert.False(Directory.Exists(Path.Combine(plan.RowsFolder, "full", "checkpoint")));
    }

    [Fact]
    public void With_curve_every_the_intermediate_adapters_are_evaluated_and_recorded_by_step()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        var plan = Plan(folder.Path) with { Steps = 3, CurveEvery = 1 };
        var evaluator = new CountingEvaluator();

        // When
        var results = new BenchmarkRunner(plan, evaluator, _ => { }).Run(BenchmarkRows.Select("full"), TestContext.Current.CancellationToken);

        // Then: steps 1 and 2 on the curve, then the final adapter at step 3.
        Assert.Equal([1, 2], results[0].Curve.Select(p => p.Step));
        Assert.Equal([1.0, 2.0], results[0].Curve.Select(p => p.Metrics.Fd!.Value));
        Assert.Equal(3.0, results[0].Metrics.Fd);
        Assert.Equal(3, results[0].Steps);
        Assert.True(File.Exists(Path.Combine(plan.RowsFolder, "full", BenchmarkRunner.CurveFolder, "step-2.json")));
    }

    [Fact]
    public void The_searched_mask_row_trains_the_method_bits_and_learning_rate_of_the_runs_mask_file()
    {
        // Given: a mask.json in <run>/search/ for SV-DIFF (memcontrol variant) with every other bit on.
        using var folder = ParityPipelineFolder.Create();
        var plan = Plan(folder.Path);
        string bits;
        {
            var (model, identity) = MemControl.Workflow.BaseModels.BaseModel.Load(folder.Path);
            using var _ = model;
            var layout = MemControl.Peft.Masks.MaskLayout.For(model.Unet, MemControl.Peft.Masks.MaskSpace.Default);
            var mask = new MemControl.Peft.Masks.LayerMask(layout.Space, layout.Units.Select((_, i) => i % 2 == 0).ToArray());
            bits = mask.ToString();
            var config = new MemControl.Peft.SvDiff.SvDiffConfig { Kind = MemControl.Peft.SvDiff.SvDiffVariant.Memcontrol };
            Directory.CreateDirectory(Path.Combine(run, "search"));
            MemControl.Peft.Masks.MaskFile.Create(config, mask, layout, 3e-4, 1, identity).Save(Path.Combine(run, "search", "mask.json"));
        }

        // When
        var results = new BenchmarkRunner(plan, new CountingEvaluator(), _ => { }).Run(BenchmarkRows.Select("memcontrol+rwa"), TestContext.Current.CancellationToken);

        // Then
        var row = Assert.Single(results);
        Assert.Equal(("svdiff", "memcontrol", bits, "rwa"), (row.Method, row.Variant, row.Mask, row.Mitigation));
        using var train = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(plan.RowsFolder, "memcontrol+rwa", "train.json")));
        Assert.Equal(3e-4, train.RootElement.GetProperty("options").GetProperty("learning_rate").GetDouble());
    }

    [Fact]
    public void The_svdiff_row_keeps_its_decomposition_in_the_runs_svd_cache_and_a_later_row_reads_it()
    {
        // Given: the SV-DIFF row run once
        using var folder = ParityPipelineFolder.Create();
        var plan = Plan(folder.Path);
        new BenchmarkRunner(plan, new CountingEvaluator(), _ => { }).Run(BenchmarkRows.Select("svdiff"), TestContext.Current.CancellationToken);
        var file = Assert.Single(Directory.GetFiles(plan.SvdCacheFolder));
        var written = File.GetLastWriteTimeUtc(file);
        File.Delete(Path.Combine(plan.RowsFolder, "svdiff", BenchmarkRunner.ResultFile));

        // When: the row runs again (another seed's part or a rerun would)
        new BenchmarkRunner(plan, new CountingEvaluator(), _ => { }).Run(BenchmarkRows.Select("svdiff"), TestContext.Current.CancellationToken);

        // Then: it read the factors; nothing new was computed, so the file was not rewritten
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(plan.SvdCacheFolder))));
    }

    [Fact]
    public void Searched_mask_rows_without_a_mask_file_are_refused_naming_the_mask_file()
    {
        // Given
        var plan = new BenchmarkPlan { Model = "unused", Data = "phantoms", RunFolder = run };

        // When
        var error = Assert.Throws<ArgumentException>(() => new BenchmarkRunner(plan, new CountingEvaluator(), _ => { }).Run(BenchmarkRows.Select("memcontrol"), TestContext.Current.CancellationToken));

        // Then
        Assert.StartsWith("MaskFile: the searched-mask rows need a mask.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(run, "search", "mask.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_and_tables_are_written_from_every_finished_row()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        var plan = Plan(folder.Path);

        // When
        var results = BenchmarkWorkflow.Run(plan, BenchmarkRows.Select("freeze,attention+threshold"), new CountingEvaluator(), _ => { }, cancellationToken: TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(["freeze", "attention+threshold"], results.Rows.Select(r => r.Row));
        Assert.Equal("threshold:auto", results.Rows[1].Mitigation);
        var reread = BenchmarkJson.ReadResults(Path.Combine(plan.BenchmarkFolder, BenchmarkOutputs.ResultsFile));
        Assert.Equal(BenchmarkResults.CurrentVersion, reread.Version);
        Assert.Equal(2, reread.Rows.Count);
        Assert.StartsWith("row,label,fd,", File.ReadAllText(Path.Combine(plan.BenchmarkFolder, BenchmarkOutputs.CsvFile)), StringComparison.Ordinal);
        Assert.Contains("Attention tuning + threshold", File.ReadAllText(Path.Combine(plan.BenchmarkFolder, BenchmarkOutputs.MarkdownFile)), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(plan.BenchmarkFolder, BenchmarkOutputs.CurvesFile)));
    }

    private BenchmarkPlan Plan(string model) => new()
    {
        Model = model,
        Data = "phantoms",
        Phantoms = 4,
        RunFolder = run,
        Steps = 1,
        BatchSize = 2,
    };

    public void Dispose()
    {
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }
    }
}

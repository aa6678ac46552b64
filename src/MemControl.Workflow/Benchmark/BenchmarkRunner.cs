using System.Diagnostics;
using System.Text.Json.Nodes;
using MemControl.Models.Pipelines;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.Masks;
using MemControl.Peft.SvDiff;
using MemControl.Training;
using MemControl.Training.Caching;
using MemControl.Training.Checkpoints;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.FineTuning;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Trains and evaluates the rows of the paper's Table 1 one after the other, each from a fresh copy of the base model,
/// into <c>benchmark/rows/&lt;id&gt;/</c>. Resumable row by row: a row whose result.json exists is skipped; an
/// interrupted row continues from its last training checkpoint and redoes whatever it had not finished.
/// </summary>
public sealed class BenchmarkRunner(BenchmarkPlan plan, IRowEvaluator evaluator, Action<string> log, Action<BenchmarkRow, TrainingProgress>? onStep = null)
{
    public const string ResultFile = "result.json";
    public const string CurveFolder = "curve";

    public BenchmarkPlan Plan { get; } = plan;

    public string RowFolder(BenchmarkRow row) => Path.Combine(Plan.RowsFolder, row.Id);

    /// <summary>
    /// Runs <paramref name="rows"/> that have no result yet and returns the results of all of them. The searched-mask
    /// rows need a mask file: without one they are an <see cref="ArgumentException"/> naming <c>--mask</c>.
    /// </summary>
    public IReadOnlyList<BenchmarkRowResult> Run(IReadOnlyList<BenchmarkRow> rows, CancellationToken cancellationToken = default)
    {
        RequireMask(Plan, rows);
        var results = new List<BenchmarkRowResult>();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resultPath = Path.Combine(RowFolder(row), ResultFile);
            if (File.Exists(resultPath))
            {
                log($"{row.Id}: already done ({ResultFile} exists), skipped");
                results.Add(BenchmarkJson.ReadRow(resultPath));
                continue;
            }

            results.Add(RunRow(row, cancellationToken));
        }

        return results;
    }

    /// <summary>The searched-mask rows need a mask file: without one, an <see cref="ArgumentException"/> naming <see cref="BenchmarkPlan.MaskFile"/>.</summary>
    public static void RequireMask(BenchmarkPlan plan, IReadOnlyList<BenchmarkRow> rows)
    {
        if (rows.Any(row => row.UsesSearchedMask) && !File.Exists(plan.MaskPath))
        {
            throw new ArgumentException($"{nameof(BenchmarkPlan.MaskFile)}: the searched-mask rows need a mask.json, and '{plan.MaskPath}' does not exist (run 'search' first, give {nameof(BenchmarkPlan.MaskFile)}, or leave those rows out)");
        }
    }

    /// <summary>Every finished row in the rows folder, in table order (including rows run with other <c>--rows</c>).</summary>
    public static IReadOnlyList<BenchmarkRowResult> FinishedRows(BenchmarkPlan plan) =>
        BenchmarkRows.All
            .Select(row => Path.Combine(plan.RowsFolder, row.Id, ResultFile))
            .Where(File.Exists)
            .Select(BenchmarkJson.ReadRow)
            .ToList();

    private BenchmarkRowResult RunRow(BenchmarkRow row, CancellationToken cancellationToken)
    {
        var (model, identity) = BaseModel.Load(Plan.Model);
        using var _ = model;
        var folder = RowFolder(row);
        Directory.CreateDirectory(folder);
        // One SVD cache for every row and seed of the run (SV-DIFF rows decompose the same base weights).
        var dtype = PrecisionCast.DTypeOf(Plan.Scale.MixedPrecision);
        var svdCache = new SvdCache(Plan.SvdCacheFolder, dtype);
        var context = new PeftContext(identity, svdCache, dtype, new SetupProgressLines(line => log($"{row.Id}: {line}")).Report);
        var (config, mask, learningRate) = MethodOf(row, model, identity);
        var mitigation = Plan.MitigationOf(row);

        if (row.IsFrozen)
        {
            BaseModel.MoveTo(model, Plan.Device);
            // The frozen model is evaluated in the precision the trained rows end in (FineTuner casts them).
            PrecisionCast.Apply(model, Plan.Scale.MixedPrecision);
            log($"{row.Id}: evaluating the base model (nothing is trained)");
            var (frozenMetrics, frozenSeconds) = Evaluate(model, folder, cancellationToken);
            return Finish(folder, new BenchmarkRowResult(
                row.Id, row.Label, config.Method, config.Variant, null, mitigation.ToString(), 0, 0, null, 0, frozenSeconds, frozenMetrics, []));
        }

        if (Plan.Scale.CacheLatents)
        {
            LatentCache.RequireApplies(model);
        }

        // Frozen weights in half precision before the method attaches (SV-DIFF's factors then follow them, docs/scale.md).
        PrecisionCast.CastFrozen(model, Plan.Scale.MixedPrecision);
        var adapter = AdapterSet.Attach(model.Unet, config, context, mask);
        svdCache.Save(); // writes only SVDs this row computed: nothing when it read them from an earlier row

        BaseModel.MoveTo(model, Plan.Device);
        var data = TrainingData.Build(Plan.Data, Plan.Phantoms, Plan.Seed, mitigation, model.Tokenizer);
        var options = Plan.Scale.ApplyTo(new FineTuneOptions
        {
            Steps = Plan.Steps,
            BatchSize = Plan.BatchSize,
            LearningRate = learningRate,
            Seed = Plan.Seed,
            Threshold = mitigation.Threshold,
        }, Plan.RunFolder);
        log($"{row.Id}: training {config.Method}{(mask is null ? "" : $" through mask {mask}")} ({adapter.TrainableCount:N0} values), {mitigation}, {options.Steps} steps of batch {options.BatchSize}");

        var evaluateSeconds = 0.0;
        var curve = new List<CurvePoint>();
        foreach (var step in Plan.CurveSteps(row))
        {
            var pointFile = Path.Combine(folder, CurveFolder, $"step-{step}.json");
            if (File.Exists(pointFile))
            {
                curve.Add(BenchmarkJson.Read<CurvePoint>(pointFile));
                continue;
            }

            var partial = Train(row, model, adapter, options with { Steps = step }, data, folder, cancellationToken);
            if (partial.Steps != step)
            {
                // The row's checkpoint is already past this step (an earlier interrupted run): that adapter is gone.
                log($"{row.Id}: intermediate step {step} lost to an earlier interrupted run, not on the curve");
                continue;
            }

            log($"{row.Id}: evaluating the adapter after {step} steps");
            var (metrics, seconds) = Evaluate(model, Path.Combine(folder, CurveFolder, $"step-{step}"), cancellationToken);
            evaluateSeconds += seconds;
            var point = new CurvePoint(step, metrics);
            BenchmarkJson.Write(pointFile, point);
            curve.Add(point);
        }

        var result = Train(row, model, adapter, options, data, folder, cancellationToken);
        adapter.Save(folder);
        TrainReport.Write(folder, Describe(row, config, mask, mitigation, options), result, adapter.TrainableCount, identity, data.Dataset.Items.Count);
        log($"{row.Id}: evaluating the final adapter");
        var (finalMetrics, finalSeconds) = Evaluate(model, folder, cancellationToken);
        var finalLoss = result.Losses.LastOrDefault(double.IsFinite, double.NaN);
        return Finish(folder, new BenchmarkRowResult(
            row.Id, row.Label, config.Method, config.Variant, mask?.ToString(), mitigation.ToString(), adapter.TrainableCount, result.Steps,
            double.IsFinite(finalLoss) ? finalLoss : null, result.Seconds, evaluateSeconds + finalSeconds, finalMetrics, curve)
        {
            LearningRate = learningRate,
        });
    }

    /// <summary>The row's PEFT configuration, mask and learning rate: the searched mask brings its method and rate.</summary>
    private (PeftConfig Config, LayerMask? Mask, double LearningRate) MethodOf(BenchmarkRow row, StableDiffusion model, string identity)
    {
        if (!row.UsesSearchedMask)
        {
            return (MethodChoice.Config(row.Method!, null), null, Plan.LearningRateOf(row.Method!));
        }

        var file = MaskFile.Load(Plan.MaskPath, identity, space => MaskLayout.For(model.Unet, space));
        var config = MethodChoice.Config(file.Method, file.Variant);
        return (config, file.Mask, file.LearningRate > 0 ? file.LearningRate : Plan.LearningRate);
    }

    private FineTuneResult Train(BenchmarkRow row, StableDiffusion model, AdapterSet adapter, FineTuneOptions options, TrainingData data, string folder, CancellationToken cancellationToken)
    {
        // Training goes through the row folder's checkpoint, so an interrupted row continues where it stopped.
        var tuner = new FineTuner(model, adapter, options);
        return tuner.Run(data.Dataset, data.CaptionTransforms, folder, resume: true, p => onStep?.Invoke(row, p), cancellationToken);
    }

    private (RowMetrics Metrics, double Seconds) Evaluate(StableDiffusion model, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        model.SetEvaluationMode();
        var clock = Stopwatch.StartNew();
        var metrics = evaluator.Evaluate(model, folder, cancellationToken);
        return (metrics, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes result.json (atomically: it marks the row done) and drops the training checkpoint it no longer needs.</summary>
    private BenchmarkRowResult Finish(string folder, BenchmarkRowResult result)
    {
        BenchmarkJson.Write(Path.Combine(folder, ResultFile), result);
        var checkpoint = Path.Combine(folder, TrainingCheckpoint.FolderName);
        if (Directory.Exists(checkpoint))
        {
            Directory.Delete(checkpoint, recursive: true);
        }

        log($"{result.Row}: done");
        return result;
    }

    private JsonObject Describe(BenchmarkRow row, PeftConfig config, LayerMask? mask, MitigationChoice mitigation, FineTuneOptions options)
    {
        var described = TrainDescription.Of(Plan.Model, Plan.Data, Plan.Phantoms, config, mask, mitigation, options, Plan.Device);
        described.Insert(0, "benchmark_row", row.Id);
        return described;
    }
}

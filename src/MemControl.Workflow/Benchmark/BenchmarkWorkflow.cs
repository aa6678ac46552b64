using MemControl.Metrics.Features;
using MemControl.Training;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The benchmark end to end, for the CLI and for callers such as the demo: the unfinished rows run (here, one after
/// another, or with <c>workers</c> &gt; 1 side by side in worker processes), then results.json and the tables written
/// from every finished row.
/// </summary>
public static class BenchmarkWorkflow
{
    public static BenchmarkResults Run(
        BenchmarkPlan plan,
        IReadOnlyList<BenchmarkRow> rows,
        Action<string> log,
        Action<BenchmarkRow, TrainingProgress>? onStep = null,
        CancellationToken cancellationToken = default,
        int workers = 1)
    {
        var pending = Prepare(plan, rows, log);
        IReadOnlyList<WorkerFailure> failed = [];
        if (workers > 1 && pending.Count > 1)
        {
            failed = BenchmarkWorkers.Run(plan, pending, workers, log, cancellationToken);
        }
        else
        {
            RunRows(plan, rows, log, onStep, cancellationToken);
        }

        var results = WriteOutputs(plan);
        if (failed.Count > 0)
        {
            throw WorkerFailure.ToException(failed);
        }

        return results;
    }

    /// <summary>
    /// Checks the plan against <paramref name="rows"/> and settles the run's splits and memorization set, once, before
    /// any worker process (here or on a cluster) reads them; returns the rows still unfinished, in the order given.
    /// </summary>
    public static IReadOnlyList<BenchmarkRow> Prepare(BenchmarkPlan plan, IReadOnlyList<BenchmarkRow> rows, Action<string> log)
    {
        plan.Evaluation.Validate();
        plan.Scale.Validate();
        BenchmarkRunner.RequireMask(plan, rows);
        BenchmarkEvaluationData.Build(plan, log);
        return Unfinished(plan, rows);
    }

    /// <summary>The rows without a result.json in the plan's rows folder (a row is finished when that file exists).</summary>
    public static IReadOnlyList<BenchmarkRow> Unfinished(BenchmarkPlan plan, IReadOnlyList<BenchmarkRow> rows) =>
        rows.Where(row => !File.Exists(Path.Combine(plan.RowsFolder, row.Id, BenchmarkRunner.ResultFile))).ToList();

    /// <summary>
    /// Trains and evaluates the unfinished <paramref name="rows"/> in this process (the evaluation data and feature
    /// extractor set up once) without writing the tables: what one worker process does. <paramref name="threads"/>
    /// &gt; 0 caps the feature extractor's threads as well (a worker's share of the cores); 0 lets it use all.
    /// </summary>
    public static void RunRows(
        BenchmarkPlan plan,
        IReadOnlyList<BenchmarkRow> rows,
        Action<string> log,
        Action<BenchmarkRow, TrainingProgress>? onStep = null,
        CancellationToken cancellationToken = default,
        int threads = 0)
    {
        using var evaluator = new LazyRowEvaluator(() =>
        {
            var inputs = BenchmarkEvaluationData.Build(plan);
            inputs.Validate();
            var features = ResNet18Featurizer.Create(batchSize: 16, intraOpThreads: threads);
            // Every row (each in its own worker, every seed) is scored against the same training and held-out
            // images: their features are computed once per run folder (docs/performance.md, "Where the time goes").
            var cached = new FeatureFileCache(features, FeatureCacheFolder(plan));
            return (new ModelRowEvaluator(inputs, plan.RowEvaluation, cached, plan.Model, plan.Device), features);
        });
        if (Unfinished(plan, rows).Count > 0)
        {
            evaluator.Prepare();
        }

        new BenchmarkRunner(plan, evaluator, log, onStep).Run(rows, cancellationToken);
    }

    /// <summary>Where the rows' image features are kept: <c>benchmark/feature-cache</c> of the run folder, shared by every seed's part.</summary>
    public static string FeatureCacheFolder(BenchmarkPlan plan) => Path.Combine(Path.GetFullPath(plan.RunFolder), "benchmark", "feature-cache");

    /// <summary>As above with a given evaluator, in this process.</summary>
    public static BenchmarkResults Run(
        BenchmarkPlan plan,
        IReadOnlyList<BenchmarkRow> rows,
        IRowEvaluator evaluator,
        Action<string> log,
        Action<BenchmarkRow, TrainingProgress>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        new BenchmarkRunner(plan, evaluator, log, onStep).Run(rows, cancellationToken);
        return WriteOutputs(plan);
    }

    /// <summary>results.json and the tables from every finished row in the rows folder.</summary>
    private static BenchmarkResults WriteOutputs(BenchmarkPlan plan)
    {
        var results = BenchmarkOutputs.Results(plan, BenchmarkRunner.FinishedRows(plan));
        BenchmarkOutputs.Write(plan.BenchmarkFolder, results);
        return results;
    }
}

using MemControl.Metrics.Features;
using MemControl.Training;

namespace MemControl.Cli.Commands.Benchmark;

/// <summary>
/// The benchmark end to end, for the CLI and for callers such as the demo: evaluation data and feature extractor set
/// up once, the rows run (skipping finished ones), then results.json and the tables written from every finished row.
/// </summary>
public static class BenchmarkWorkflow
{
    public static BenchmarkResults Run(
        BenchmarkPlan plan,
        IReadOnlyList<BenchmarkRow> rows,
        Action<string> log,
        Action<BenchmarkRow, TrainingProgress>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        plan.Evaluation.Validate();
        using var evaluator = new LazyRowEvaluator(() =>
        {
            var inputs = BenchmarkEvaluationData.Build(plan);
            inputs.Validate();
            var features = ResNet18Featurizer.Create(batchSize: 16);
            return (new ModelRowEvaluator(inputs, plan.Evaluation, features, plan.Model, plan.Device), features);
        });
        if (rows.Any(row => !File.Exists(Path.Combine(plan.RowsFolder, row.Id, BenchmarkRunner.ResultFile))))
        {
            evaluator.Prepare();
        }

        return Run(plan, rows, evaluator, log, onStep, cancellationToken);
    }

    /// <summary>As above with a given evaluator.</summary>
    public static BenchmarkResults Run(
        BenchmarkPlan plan,
        IReadOnlyList<BenchmarkRow> rows,
        IRowEvaluator evaluator,
        Action<string> log,
        Action<BenchmarkRow, TrainingProgress>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        var runner = new BenchmarkRunner(plan, evaluator, log, onStep);
        runner.Run(rows, cancellationToken);
        var results = BenchmarkOutputs.Results(plan, runner.FinishedRows());
        BenchmarkOutputs.Write(plan.BenchmarkFolder, results);
        return results;
    }
}

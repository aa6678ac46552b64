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
        var inputs = BenchmarkEvaluationData.Build(plan);
        inputs.Validate();
        using var features = ResNet18Featurizer.Create(batchSize: 16);
        return Run(plan, rows, new ModelRowEvaluator(inputs, plan.Evaluation, features), log, onStep, cancellationToken);
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

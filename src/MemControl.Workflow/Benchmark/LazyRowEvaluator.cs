using MemControl.Models.Pipelines;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Builds the real evaluator (evaluation data, feature extractor) only when a row needs it, so re-running a
/// finished benchmark to rewrite its tables loads nothing; disposes what it built.
/// </summary>
public sealed class LazyRowEvaluator(Func<(IRowEvaluator Evaluator, IDisposable? Owned)> create) : IRowEvaluator, IDisposable
{
    private (IRowEvaluator Evaluator, IDisposable? Owned)? built;

    /// <summary>Builds the evaluator now (so bad evaluation data is reported before any row trains).</summary>
    public void Prepare() => built ??= create();

    public RowMetrics Evaluate(StableDiffusion model, string folder, CancellationToken cancellationToken)
    {
        built ??= create();
        return built.Value.Evaluator.Evaluate(model, folder, cancellationToken);
    }

    public void Dispose() => built?.Owned?.Dispose();
}

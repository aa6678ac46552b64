using MemControl.Cli.Commands.Benchmark;
using MemControl.Models.Pipelines;
using MemControl.Workflow.Benchmark;

namespace MemControl.Tests.Cli.Benchmark;

/// <summary>
/// A test evaluator that records which folders it was asked to evaluate and returns FD = the number of calls so far,
/// so tests can see which rows and intermediate adapters the benchmark evaluated, without generating images.
/// </summary>
internal sealed class CountingEvaluator : IRowEvaluator
{
    public List<string> Folders { get; } = [];

    public RowMetrics Evaluate(StableDiffusion model, string folder, CancellationToken cancellationToken)
    {
        Folders.Add(folder);
        return new RowMetrics(Folders.Count, 0.1, null, 0, null, null);
    }
}

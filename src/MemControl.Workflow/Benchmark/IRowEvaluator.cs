using MemControl.Models.Pipelines;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Measures one trained model for the table (docs/decisions.md §8). The benchmark hands it the model with the row's adapter attached
/// (the bare base model for Freeze), in eval mode, and a folder for the evaluation's own files (grid.png, ...).
/// </summary>
public interface IRowEvaluator
{
    RowMetrics Evaluate(StableDiffusion model, string folder, CancellationToken cancellationToken);
}

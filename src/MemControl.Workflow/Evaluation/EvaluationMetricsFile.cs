using MemControl.Metrics.Evaluation;

namespace MemControl.Workflow.Evaluation;

/// <summary>
/// <c>metrics.json</c> of an <c>evaluate</c> run (docs/formats.md): what was evaluated and every metric with its
/// thresholds and per-image details. <see cref="Version"/> changes when a field changes meaning or is removed.
/// </summary>
/// <param name="Version">Format version (1).</param>
/// <param name="Model">The <c>--model</c> value.</param>
/// <param name="Adapter">The <c>--adapter</c> folder, if any.</param>
/// <param name="Loaded">What was loaded, in words.</param>
/// <param name="Device">The device it ran on.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
/// <param name="Result">The metrics.</param>
public sealed record EvaluationMetricsFile(int Version, string Model, string? Adapter, string Loaded, string Device, double Seconds, EvaluationResult Result)
{
    public const int CurrentVersion = 1;
}

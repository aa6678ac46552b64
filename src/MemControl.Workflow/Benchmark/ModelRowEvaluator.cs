using System.Diagnostics;
using MemControl.Metrics.Evaluation;
using MemControl.Metrics.Features;
using MemControl.Models.Pipelines;
using MemControl.Workflow.Evaluation;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Evaluates a row with the evaluation library (<see cref="ModelEvaluator"/>, docs/decisions.md §8) on the benchmark's fixed
/// inputs and leaves in the row's folder what <c>evaluate</c> leaves in its own (metrics.json in evaluate's format,
/// grid.png, gallery.png, evaluation.md, written by <see cref="EvaluationReportWriter"/>), then returns the table's columns.
/// </summary>
/// <param name="model">The <c>--model</c> value, recorded in metrics.json.</param>
/// <param name="device">The device, recorded in metrics.json.</param>
public sealed class ModelRowEvaluator(EvaluationInputs inputs, EvaluationOptions options, IImageFeatureExtractor features, string model, string device) : IRowEvaluator
{
    /// <summary>Rows of each row's nearest-neighbour gallery.</summary>
    private const int GalleryRows = 16;

    public RowMetrics Evaluate(StableDiffusion diffusion, string folder, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // Each row writes its nearest-neighbour gallery, which needs the generated images whatever the caller asked.
        var result = new ModelEvaluator(diffusion, features).Evaluate(inputs, options with { KeepImages = true }, null, cancellationToken);
        var file = new EvaluationMetricsFile(
            EvaluationMetricsFile.CurrentVersion, model, folder, $"benchmark row adapter in {folder}", device, clock.Elapsed.TotalSeconds, result);
        EvaluationReportWriter.Write(folder, file, inputs.Training, GalleryRows);
        return Columns(result);
    }

    /// <summary>The table's columns of an evaluation. Denoising strength is the memorization prompts' mean when there are any.</summary>
    public static RowMetrics Columns(EvaluationResult result) => new(
        result.Quality.FrechetDistance,
        result.Quality.AverageMinimumDistance,
        result.Alignment?.LabelAgreement,
        result.Memorization?.Extracted,
        result.DenoisingStrength is { } strength ? strength.MemorizationMean ?? strength.HeldOutMean : null,
        result.Replication.Rate)
    {
        Kid = result.Quality.KernelDistance,
        OwnRank = result.Memorization?.OwnRank?.Mean,
    };
}

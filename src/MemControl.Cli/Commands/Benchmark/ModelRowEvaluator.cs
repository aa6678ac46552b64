using MemControl.Data.Images;
using MemControl.Metrics.Evaluation;
using MemControl.Metrics.Features;
using MemControl.Models.Pipelines;
using SkiaSharp;

namespace MemControl.Cli.Commands.Benchmark;

/// <summary>
/// Evaluates a row with the evaluation library (<see cref="ModelEvaluator"/>, SPEC §8) on the benchmark's fixed
/// inputs, leaves <c>metrics.json</c> (the full result) and <c>grid.png</c> (held-out samples, one line per prompt) in
/// the row's folder, and returns the table's columns.
/// </summary>
public sealed class ModelRowEvaluator(EvaluationInputs inputs, EvaluationOptions options, IImageFeatureExtractor features) : IRowEvaluator
{
    public const string MetricsFile = "metrics.json";
    public const string GridFile = "grid.png";

    /// <summary>Prompts shown in a row's grid (all its images each).</summary>
    private const int GridPrompts = 8;

    public RowMetrics Evaluate(StableDiffusion model, string folder, CancellationToken cancellationToken)
    {
        var result = new ModelEvaluator(model, features).Evaluate(inputs, options, null, cancellationToken);
        var files = new Reports.ReportFiles().AddText(MetricsFile, BenchmarkJson.Serialize(result));
        if (result.HeldOutImages is { Count: > 0 } images)
        {
            var shown = images.Take(GridPrompts * options.ImagesPerPrompt).ToList();
            files.Add(GridFile, ImageEncoder.Encode(ImageGrid.Compose(shown, options.ImagesPerPrompt), SKEncodedImageFormat.Png));
        }

        files.WriteTo(folder);
        return Columns(result);
    }

    /// <summary>The table's columns of an evaluation. Denoising strength is the memorization prompts' mean when there are any.</summary>
    public static RowMetrics Columns(EvaluationResult result) => new(
        result.Quality.FrechetDistance,
        result.Quality.AverageMinimumDistance,
        result.Alignment?.LabelAgreement,
        result.Memorization?.Extracted,
        result.DenoisingStrength is { } strength ? strength.MemorizationMean ?? strength.HeldOutMean : null,
        result.Replication.Rate);
}

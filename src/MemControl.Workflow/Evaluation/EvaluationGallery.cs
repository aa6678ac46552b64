using System.Globalization;
using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Metrics.Evaluation;
using SkiaSharp;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Evaluation;

/// <summary>
/// The nearest-neighbour gallery of an evaluation: the generations closest to a training image first, each beside that
/// training image, with the distances drawn next to them (SkiaSharp; its fontconfig build renders text, docs/dependencies.md §4).
/// </summary>
public static class EvaluationGallery
{
    private const int Thumbnail = 112;
    private const int Gap = 8;
    private const int TextWidth = 560;
    private const float FontSize = 13;

    public static byte[] Render(EvaluationResult result, IImageCaptionDataset training, int top)
    {
        var images = result.HeldOutImages ?? throw new InvalidOperationException("the evaluation kept no images");
        var rows = result.Generations.Take(top).ToArray();
        const int header = 24;
        var width = Gap + Thumbnail + Gap + Thumbnail + Gap + TextWidth;
        var height = header + (rows.Length * (Thumbnail + Gap)) + Gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, FontSize);
        using var bold = new SKFont(typeface, FontSize) { Embolden = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText("generated", Gap, 16, SKTextAlign.Left, bold, ink);
        canvas.DrawText("nearest training", (2 * Gap) + Thumbnail, 16, SKTextAlign.Left, bold, ink);
        canvas.DrawText($"closest first (1 − cos in {result.Quality.FeatureSpace} features; pixel RMS on [0, 1])",
            (3 * Gap) + (2 * Thumbnail), 16, SKTextAlign.Left, bold, ink);
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            var y = header + (r * (Thumbnail + Gap));
            Draw(canvas, images[row.Row], Gap, y);
            Draw(canvas, training.LoadImage(row.NearestTrainingIndex, images[row.Row].Width), (2 * Gap) + Thumbnail, y);
            string[] lines =
            [
                string.Create(CultureInfo.InvariantCulture, $"#{r + 1}  1 − cos = {row.FeatureDistance:0.0000}{(row.Replicated ? "  REPLICATED" : "")}"),
                $"nearest: {row.NearestTrainingId}",
                string.Create(CultureInfo.InvariantCulture, $"pixel RMS = {row.PixelRms:0.0000}   (nearest in pixels: {row.PixelNearestRms:0.0000})"),
                $"prompt: {row.Prompt}",
            ];
            for (var l = 0; l < lines.Length; l++)
            {
                canvas.DrawText(GalleryText.Clip(lines[l], font, TextWidth - Gap), (3 * Gap) + (2 * Thumbnail), y + 16 + (l * 20), SKTextAlign.Left, l == 0 ? bold : font, ink);
            }
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Draw(SKCanvas canvas, ImageData image, int left, int top)
    {
        using var decoded = SKImage.FromEncodedData(ImageEncoder.Encode(image, SKEncodedImageFormat.Png));
        // Nearest-neighbour upscaling: a 16-px generation shown as its pixels, not blurred.
        canvas.DrawImage(decoded, SKRect.Create(left, top, Thumbnail, Thumbnail), new SKSamplingOptions(SKFilterMode.Nearest));
    }
}

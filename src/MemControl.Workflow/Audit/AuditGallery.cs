using System.Globalization;
using MemControl.Data;
using MemControl.Data.Images;
using SkiaSharp;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Audit;

/// <summary>
/// The nearest-neighbour gallery: the closest (worst) generated images beside their nearest training images, with the
/// distances, as thumbnails (for the HTML page) and as one labelled PNG drawn with SkiaSharp (its fontconfig build
/// renders text; docs/dependencies.md §3/§4).
/// </summary>
public static class AuditGallery
{
    public const int Thumbnail = 128;
    private const int Gap = 8;
    private const int TextWidth = 520;
    private const float FontSize = 13;

    public static IReadOnlyList<GalleryRow> Rows(AuditResult result, IReadOnlyList<GeneratedImage> generated, IImageCaptionDataset training, int top)
    {
        var paths = generated.ToDictionary(g => g.FileName, g => g.Path, StringComparer.Ordinal);
        return result.Images.Take(top)
            .Select((audit, i) => new GalleryRow(i + 1, audit,
                ImageEncoder.Encode(ImageDecoder.DecodeFile(paths[audit.File], Thumbnail), SKEncodedImageFormat.Png),
                ImageEncoder.Encode(training.LoadImage(audit.NearestTrainingIndex, Thumbnail), SKEncodedImageFormat.Png)))
            .ToArray();
    }

    /// <summary>Draws the rows into one PNG: generated | nearest training | labels.</summary>
    public static byte[] Render(IReadOnlyList<GalleryRow> rows)
    {
        var header = 24;
        var width = Gap + Thumbnail + Gap + Thumbnail + Gap + TextWidth;
        var height = header + (rows.Count * (Thumbnail + Gap)) + Gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, FontSize);
        using var bold = new SKFont(typeface, FontSize) { Embolden = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText("generated", Gap, 16, SKTextAlign.Left, bold, ink);
        canvas.DrawText("nearest training", (2 * Gap) + Thumbnail, 16, SKTextAlign.Left, bold, ink);
        canvas.DrawText("closest first (1 − cos in features; RMS gray pixels, [0, 1])", (3 * Gap) + (2 * Thumbnail), 16, SKTextAlign.Left, bold, ink);
        for (var r = 0; r < rows.Count; r++)
        {
            var top = header + (r * (Thumbnail + Gap));
            DrawPng(canvas, rows[r].GeneratedPng, Gap, top);
            DrawPng(canvas, rows[r].TrainingPng, (2 * Gap) + Thumbnail, top);
            var x = (3 * Gap) + (2 * Thumbnail);
            var a = rows[r].Audit;
            string[] lines =
            [
                $"#{rows[r].Rank}  {a.File}",
                $"nearest: {a.NearestTrainingId}",
                string.Create(CultureInfo.InvariantCulture, $"1 − cos = {a.FeatureDistance:0.0000}   cos = {a.Cosine:0.0000}{(a.Replicated ? "  REPLICATED" : "")}"),
                string.Create(CultureInfo.InvariantCulture, $"pixel RMS = {a.PixelRms:0.0000}   (nearest in pixels: {a.PixelNearestRms:0.0000})"),
                a.Prompt is null ? "" : $"prompt: {a.Prompt}",
            ];
            for (var l = 0; l < lines.Length; l++)
            {
                canvas.DrawText(GalleryText.Clip(lines[l], font, TextWidth - Gap), x, top + 16 + (l * 20), SKTextAlign.Left, l == 0 ? bold : font, ink);
            }
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void DrawPng(SKCanvas canvas, byte[] png, int left, int top)
    {
        using var image = SKImage.FromEncodedData(png);
        canvas.DrawImage(image, SKRect.Create(left, top, Thumbnail, Thumbnail), new SKSamplingOptions(SKCubicResampler.Mitchell));
    }
}

using SkiaSharp;

namespace MemControl.Workflow.Reports;

/// <summary>
/// Enlarges small PNGs (sample grids of 16–64 px images) by a whole factor with nearest-neighbour sampling before they
/// are embedded, so each pixel stays a crisp square a reader can see, whatever the browser's CSS support.
/// </summary>
public static class PictureEnlarger
{
    /// <summary>By default, pictures narrower than this are enlarged to at least this width.</summary>
    public const int MinimumWidth = 480;

    private const int MaximumFactor = 16;

    /// <summary>The picture enlarged to at least <paramref name="minimumWidth"/> pixels wide (unchanged when wide enough).</summary>
    public static byte[] ForDisplay(byte[] png, int minimumWidth = MinimumWidth)
    {
        using var bitmap = SKBitmap.Decode(png);
        if (bitmap is null || bitmap.Width >= minimumWidth)
        {
            return png;
        }

        var factor = Math.Min(MaximumFactor, (minimumWidth + bitmap.Width - 1) / bitmap.Width);
        using var large = bitmap.Resize(new SKImageInfo(bitmap.Width * factor, bitmap.Height * factor, bitmap.ColorType, bitmap.AlphaType), new SKSamplingOptions(SKFilterMode.Nearest));
        if (large is null)
        {
            return png;
        }

        using var data = large.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

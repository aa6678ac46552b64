using SkiaSharp;

namespace MemControl.Data.Images;

/// <summary>
/// Decodes JPEG and PNG files with SkiaSharp and brings them to a square size by scaling the shorter side to the
/// target and cropping the centre (docs/decisions.md §2). Gray files stay one channel (Skia decodes gray JPEG natively as Gray8);
/// colour files give RGB. 16-bit PNGs decode through Skia's 8-bit path (docs/dependencies.md §3: no library keeps 16 bits
/// through its public API), i.e. quantised to 1/255 — below what a 224-px training image resolves.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="path"/> and resizes + centre-crops it to <paramref name="size"/>².</summary>
    public static ImageData DecodeFile(string path, int size)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image '{path}' does not exist; fix the path or remove the row.", path);
        }

        if (!RegularFile.Is(path))
        {
            throw new InvalidDataException(RegularFile.Problem(path));
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"image '{path}' cannot be read ({e.Message}).", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidDataException($"image '{path}' cannot be read ({e.Message}); check its permissions.", e);
        }

        return Decode(bytes, size, path);
    }

    /// <summary>Decodes encoded bytes; <paramref name="source"/> names them in error messages.</summary>
    public static ImageData Decode(byte[] bytes, int size, string source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        using var stream = new SKMemoryStream(bytes);
        using var codec = SKCodec.Create(stream, out var createResult)
            ?? throw new InvalidDataException($"image '{source}' is not a readable JPEG or PNG ({createResult}); replace the file.");

        var gray = codec.Info.ColorType == SKColorType.Gray8;
        var colorType = gray ? SKColorType.Gray8 : SKColorType.Rgba8888;

        // JPEG can decode straight to 1/2, 1/4 or 1/8 size (DCT scaling): the cheapest way from 1024² to 224².
        // Keep the decoded short side at least twice the target so the final resample still averages pixels.
        var shortSide = Math.Min(codec.Info.Width, codec.Info.Height);
        var scale = Math.Min(1f, 2f * size / shortSide);
        var dimensions = codec.GetScaledDimensions(scale);
        if (Math.Min(dimensions.Width, dimensions.Height) < size)
        {
            dimensions = codec.Info.Size;
        }

        var info = new SKImageInfo(dimensions.Width, dimensions.Height, colorType, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            var what = result == SKCodecResult.IncompleteInput ? "is truncated" : $"is damaged ({result})";
            throw new InvalidDataException($"image '{source}' {what}; replace the file or remove its row.");
        }

        using var pixmap = decoded.PeekPixels();
        return ResizeCentreCrop(pixmap, size);
    }

    /// <summary>Scales the shorter side to <paramref name="size"/> and keeps the centre square.</summary>
    public static ImageData ResizeCentreCrop(SKPixmap source, int size)
    {
        var gray = source.ColorType == SKColorType.Gray8;
        var side = Math.Min(source.Width, source.Height);
        var crop = SKRectI.Create((source.Width - side) / 2, (source.Height - side) / 2, side, side);
        using var square = source.ExtractSubset(crop)
            ?? throw new InvalidDataException($"Skia could not crop a {source.Width}×{source.Height} image.");

        var targetInfo = new SKImageInfo(size, size, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var target = new SKBitmap(targetInfo);
        using (var targetPixmap = target.PeekPixels())
        {
            // Mitchell cubic for up-scaling and mild down-scaling; a box-like mipmap filter when shrinking by more
            // than 2, where a cubic alone would alias the ribs' fine stripes.
            var sampling = side > 2 * size
                ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
                : new SKSamplingOptions(SKCubicResampler.Mitchell);
            if (side == size)
            {
                square.ReadPixels(targetPixmap);
            }
            else if (!square.ScalePixels(targetPixmap, sampling))
            {
                throw new InvalidDataException($"Skia could not resize a {source.Width}×{source.Height} {source.ColorType} image.");
            }
        }

        return ToImageData(target);
    }

    private static ImageData ToImageData(SKBitmap bitmap)
    {
        var bytes = bitmap.GetPixelSpan();
        var plane = bitmap.Width * bitmap.Height;
        if (bitmap.ColorType == SKColorType.Gray8)
        {
            var gray = new float[plane];
            for (var i = 0; i < plane; i++)
            {
                gray[i] = bytes[i] / 255f;
            }

            return new ImageData(1, bitmap.Height, bitmap.Width, gray);
        }

        var rgb = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            rgb[i] = bytes[4 * i] / 255f;
            rgb[plane + i] = bytes[(4 * i) + 1] / 255f;
            rgb[(2 * plane) + i] = bytes[(4 * i) + 2] / 255f;
        }

        return new ImageData(3, bitmap.Height, bitmap.Width, rgb);
    }
}

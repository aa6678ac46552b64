using MemControl.Models.Loading;
using SkiaSharp;

namespace MemControl.Data.Images;

/// <summary>Writes <see cref="ImageData"/> as 8-bit PNG or JPEG with SkiaSharp (gray stays one channel).</summary>
public static class ImageEncoder
{
    public static byte[] Encode(ImageData image, SKEncodedImageFormat format, int quality = 95)
    {
        var gray = image.Channels == 1;
        var info = new SKImageInfo(image.Width, image.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        var plane = image.Width * image.Height;
        var bytes = new byte[info.BytesSize];
        for (var i = 0; i < plane; i++)
        {
            if (gray)
            {
                bytes[i] = ToByte(image.Pixels[i]);
            }
            else
            {
                bytes[4 * i] = ToByte(image.Pixels[i]);
                bytes[(4 * i) + 1] = ToByte(image.Pixels[plane + i]);
                bytes[(4 * i) + 2] = ToByte(image.Pixels[(2 * plane) + i]);
                bytes[(4 * i) + 3] = 255;
            }
        }

        using var skImage = SKImage.FromPixelCopy(info, bytes);
        using var encoded = skImage.Encode(format, quality)
            ?? throw new InvalidOperationException($"Skia could not encode a {image.Width}×{image.Height} image as {format}");
        return encoded.ToArray();
    }

    /// <summary>Encodes by the file's extension (.png, .jpg/.jpeg) and writes atomically.</summary>
    public static void WriteFile(string path, ImageData image, int quality = 95)
    {
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            var other => throw new ArgumentException($"cannot write images of type '{other}' (use .png or .jpg)", nameof(path)),
        };
        var bytes = Encode(image, format, quality);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value * 255f), 0, 255);
}

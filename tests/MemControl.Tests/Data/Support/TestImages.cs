using System.Buffers.Binary;
using System.IO.Compression;
using MemControl.Data.Images;
using SkiaSharp;

namespace MemControl.Tests.Data.Support;

/// <summary>Small images written for tests.</summary>
public static class TestImages
{
    /// <summary>A gray image whose pixel (y, x) is <paramref name="value"/>(y, x) in [0, 1].</summary>
    public static ImageData Gray(int width, int height, Func<int, int, float> value)
    {
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = value(y, x);
            }
        }

        return new ImageData(1, height, width, pixels);
    }

    /// <summary>Writes a gray gradient image (PNG or JPEG by extension) and returns the path.</summary>
    public static string WriteGradient(string path, int width = 24, int height = 24)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ImageEncoder.WriteFile(path, Gray(width, height, (y, x) => (x + y) / (float)(width + height)));
        return path;
    }

    /// <summary>
    /// A 16-bit grayscale PNG written by hand (signature, IHDR, one zlib IDAT with filter 0 rows, IEND), since Skia
    /// cannot encode 16 bits.
    /// </summary>
    public static byte[] Png16Gray(int width, int height, Func<int, int, ushort> value)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                var v = value(y, x);
                raw.WriteByte((byte)(v >> 8));
                raw.WriteByte((byte)(v & 0xFF));
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16; // bit depth
        header[9] = 0; // grayscale

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>An RGB JPEG with a solid colour, encoded by Skia.</summary>
    public static byte[] RgbJpeg(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}

using MemControl.Data.Images;
using MemControl.Tests.Data.Support;
using SkiaSharp;

namespace MemControl.Tests.Data;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void An_8_bit_gray_png_decodes_to_its_exact_values()
    {
        // Given: values k/255, so 8-bit storage is exact
        var image = TestImages.Gray(8, 8, (y, x) => ((y * 8) + x) * 4 / 255f);
        var bytes = ImageEncoder.Encode(image, SKEncodedImageFormat.Png);

        // When
        var decoded = ImageDecoder.Decode(bytes, 8, "gray.png");

        // Then
        Assert.Equal(1, decoded.Channels);
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void A_16_bit_png_decodes_within_one_8_bit_step()
    {
        // Given: 16-bit values that are not multiples of 257, so they do not survive as 8 bits exactly
        var bytes = TestImages.Png16Gray(6, 6, (y, x) => (ushort)(1000 + (y * 9000) + (x * 1700)));

        // When
        var decoded = ImageDecoder.Decode(bytes, 6, "deep.png");

        // Then
        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                var expected = (1000 + (y * 9000) + (x * 1700)) / 65535f;
                Assert.InRange(decoded.Pixels[(y * 6) + x], expected - (1 / 255f), expected + (1 / 255f));
            }
        }
    }

    [Fact]
    public void A_colour_jpeg_decodes_to_three_channels()
    {
        // Given
        var bytes = TestImages.RgbJpeg(16, 16, new SKColor(200, 40, 90));

        // When
        var decoded = ImageDecoder.Decode(bytes, 16, "colour.jpg");

        // Then
        Assert.Equal(3, decoded.Channels);
        Assert.InRange(decoded.Pixels[0], 190 / 255f, 210 / 255f);
        Assert.InRange(decoded.Pixels[256], 30 / 255f, 50 / 255f);
        Assert.InRange(decoded.Pixels[512], 80 / 255f, 100 / 255f);
    }

    [Fact]
    public void A_wide_image_is_centre_cropped_after_scaling_the_short_side()
    {
        // Given: 64×32, black outer quarters, white centre half
        var image = TestImages.Gray(64, 32, (y, x) => x is >= 16 and < 48 ? 1f : 0f);
        var bytes = ImageEncoder.Encode(image, SKEncodedImageFormat.Png);

        // When
        var decoded = ImageDecoder.Decode(bytes, 16, "wide.png");

        // Then: only the white centre is left, at 16×16
        Assert.Equal(16, decoded.Width);
        Assert.Equal(16, decoded.Height);
        Assert.All(decoded.Pixels.Skip(16).Take(16 * 14), v => Assert.InRange(v, 0.9f, 1f));
    }

    [Fact]
    public void A_large_jpeg_is_reduced_to_the_target_size_keeping_its_brightness()
    {
        // Given
        var image = TestImages.Gray(1024, 1024, (y, x) => y < 512 ? 0.2f : 0.8f);
        var bytes = ImageEncoder.Encode(image, SKEncodedImageFormat.Jpeg, 90);

        // When
        var decoded = ImageDecoder.Decode(bytes, 224, "big.jpg");

        // Then
        Assert.Equal(224 * 224, decoded.Pixels.Length);
        Assert.InRange(decoded.Pixels[(20 * 224) + 100], 0.17f, 0.23f);
        Assert.InRange(decoded.Pixels[(200 * 224) + 100], 0.77f, 0.83f);
    }

    [Fact]
    public void A_truncated_jpeg_is_reported_as_truncated_with_its_name()
    {
        // Given
        var bytes = ImageEncoder.Encode(TestImages.Gray(64, 64, (y, x) => (x ^ y) / 64f), SKEncodedImageFormat.Jpeg);
        var path = folder.File("cut.jpg");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        // When
        var error = Assert.Throws<InvalidDataException>(() => ImageDecoder.DecodeFile(path, 32));

        // Then
        Assert.Contains("cut.jpg", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_reported()
    {
        // Given
        var path = folder.Write("notes.png", "this is text");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ImageDecoder.DecodeFile(path, 32));

        // Then
        Assert.Contains("notes.png", error.Message);
        Assert.Contains("not a readable JPEG or PNG", error.Message);
    }

    [Fact]
    public void A_missing_file_is_FileNotFound_naming_it()
    {
        // When
        var error = Assert.Throws<FileNotFoundException>(() => ImageDecoder.DecodeFile(folder.File("gone.jpg"), 32));

        // Then
        Assert.Contains("gone.jpg", error.Message);
    }
}

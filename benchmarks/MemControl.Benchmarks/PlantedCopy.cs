using MemControl.Data.Images;

namespace MemControl.Benchmarks;

/// <summary>
/// What a model that copies a training image would produce: the image with small sampling noise, or slightly soft
/// (a 1-px blur), but with everything in its place (docs/demo.md, "Copies that can be told from resemblance").
/// </summary>
public static class PlantedCopy
{
    /// <summary>The image plus Gaussian noise of standard deviation <paramref name="sd"/>, clamped to [0, 1].</summary>
    public static ImageData WithNoise(ImageData image, double sd, Random random)
    {
        var pixels = image.Pixels.Select(v => Math.Clamp(v + (float)(sd * Gaussian(random)), 0f, 1f)).ToArray();
        return new ImageData(image.Channels, image.Height, image.Width, pixels);
    }

    /// <summary>The image convolved with the 3 × 3 binomial kernel (σ ≈ 0.7 px), edges repeated.</summary>
    public static ImageData Blurred(ImageData image)
    {
        float[] weights = [0.25f, 0.5f, 0.25f];
        var (h, w) = (image.Height, image.Width);
        var pixels = new float[image.Pixels.Length];
        for (var c = 0; c < image.Channels; c++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var sum = 0f;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            var yy = Math.Clamp(y + dy, 0, h - 1);
                            var xx = Math.Clamp(x + dx, 0, w - 1);
                            sum += weights[dy + 1] * weights[dx + 1] * image.Pixels[(c * h * w) + (yy * w) + xx];
                        }
                    }

                    pixels[(c * h * w) + (y * w) + x] = sum;
                }
            }
        }

        return new ImageData(image.Channels, h, w, pixels);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

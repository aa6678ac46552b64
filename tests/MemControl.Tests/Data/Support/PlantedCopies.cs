using MemControl.Data.Images;

namespace MemControl.Tests.Data.Support;

/// <summary>What a model that copies a training image would produce: the image with sampling noise, or a 1-px blur of it.</summary>
public static class PlantedCopies
{
    public static ImageData WithNoise(ImageData image, double sd, Random random)
    {
        var pixels = image.Pixels
            .Select(v => Math.Clamp(v + (float)(sd * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble())), 0f, 1f))
            .ToArray();
        return new ImageData(image.Channels, image.Height, image.Width, pixels);
    }

    /// <summary>The 3 × 3 binomial blur (σ ≈ 0.7 px), edges repeated; one-channel images.</summary>
    public static ImageData Blurred(ImageData image)
    {
        float[] weights = [0.25f, 0.5f, 0.25f];
        var (h, w) = (image.Height, image.Width);
        var pixels = new float[h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        pixels[(y * w) + x] += weights[dy + 1] * weights[dx + 1] * image.Pixels[(Math.Clamp(y + dy, 0, h - 1) * w) + Math.Clamp(x + dx, 0, w - 1)];
                    }
                }
            }
        }

        return new ImageData(1, h, w, pixels);
    }
}

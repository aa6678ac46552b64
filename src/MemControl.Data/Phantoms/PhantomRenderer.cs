using MemControl.Data.Images;

namespace MemControl.Data.Phantoms;

/// <summary>
/// Draws a study as a PA chest radiograph into a float buffer. The model is a projection radiograph: every structure
/// adds (bone, fluid, tissue, metal) or removes (air) attenuation A along the ray, and the displayed brightness is
/// 1 − exp(−k·A), so bone is white, air black and overlapping structures add up as on film. Edges are softened over
/// at least one pixel, so any resolution renders without aliasing; quantum noise is added last.
/// </summary>
public static class PhantomRenderer
{
    private const float Brightness = 1.55f;

    public static ImageData Render(PhantomStudy study, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var scene = new Scene(study, size);
        var pixels = new float[size * size];
        var noise = new Random(study.Pose.NoiseSeed);
        var pose = study.Pose;
        if (study.Details is { } placed)
        {
            pose = pose with { ShiftX = pose.ShiftX + placed.OffsetX, ShiftY = pose.ShiftY + placed.OffsetY, RotationRadians = pose.RotationRadians + placed.OffsetRotation };
        }
        var cos = MathF.Cos(pose.RotationRadians);
        var sin = MathF.Sin(pose.RotationRadians);

        // Quantum noise as seen at 256 px; a smaller image averages detector pixels, so its noise shrinks as √size.
        var noiseLevel = pose.NoiseLevel * MathF.Min(1f, MathF.Sqrt(size / 256f));
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                // Image point → body point: undo the study's scale, rotation and shift about the image centre.
                var u = ((column + 0.5f) / size) - 0.5f - pose.ShiftX;
                var v = ((row + 0.5f) / size) - 0.5f - pose.ShiftY;
                var x = 0.5f + (((cos * u) + (sin * v)) / pose.Scale);
                var y = 0.5f + (((-sin * u) + (cos * v)) / pose.Scale);
                var attenuation = scene.Attenuation(x, y);
                var brightness = 1f - MathF.Exp(-Brightness * pose.Exposure * MathF.Max(attenuation, 0f));
                pixels[(row * size) + column] = Math.Clamp(brightness + (noiseLevel * Gaussian(noise)), 0f, 1f);
            }
        }

        return new ImageData(1, size, size, pixels);
    }

    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}

namespace MemControl.Data.Phantoms;

/// <summary>
/// Smooth lattice ("value") noise with a seeded integer hash, summed over octaves (fractal Brownian motion): the
/// cheap way to get lung vessel-like markings and patchy consolidation that look organic but are fully reproducible.
/// </summary>
internal readonly struct ValueNoise(int seed)
{
    /// <summary>Noise in about [-1, 1] at (x, y) in lattice units.</summary>
    public float At(float x, float y)
    {
        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        var fx = Smooth(x - x0);
        var fy = Smooth(y - y0);
        var top = Lerp(Lattice(x0, y0), Lattice(x0 + 1, y0), fx);
        var bottom = Lerp(Lattice(x0, y0 + 1), Lattice(x0 + 1, y0 + 1), fx);
        return Lerp(top, bottom, fy);
    }

    /// <summary>Octaves of noise, each twice the frequency and half the amplitude of the last; about [-1, 1].</summary>
    public float Fractal(float x, float y, int octaves)
    {
        float sum = 0, amplitude = 1, norm = 0;
        for (var o = 0; o < octaves; o++)
        {
            sum += amplitude * new ValueNoise(seed + (o * 7919)).At(x, y);
            norm += amplitude;
            amplitude *= 0.5f;
            x *= 2.03f;
            y *= 2.03f;
        }

        return sum / norm;
    }

    private float Lattice(int x, int y)
    {
        unchecked
        {
            var h = (uint)((x * 374761393) + (y * 668265263) + (seed * 1274126177));
            h = (h ^ (h >> 13)) * 1274126177u;
            h ^= h >> 16;
            return (h / (float)uint.MaxValue * 2f) - 1f;
        }
    }

    private static float Smooth(float t) => t * t * (3f - (2f * t));

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);
}

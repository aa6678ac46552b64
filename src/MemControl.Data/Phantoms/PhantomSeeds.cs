namespace MemControl.Data.Phantoms;

/// <summary>
/// Reproducible per-purpose seeds derived from the generator seed (HashCode.Combine is randomised per process,
/// so it cannot be used for data that must be the same on every run and machine).
/// </summary>
internal static class PhantomSeeds
{
    public static int Derive(int seed, int purpose, int index)
    {
        unchecked
        {
            // SplitMix64 finaliser over the packed inputs: well-mixed and stable.
            var z = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)purpose << 20) ^ (uint)index;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)(z ^ (z >> 31));
        }
    }
}

namespace MemControl.Data.Phantoms;

/// <summary>How many synthetic studies, of how many subjects, from which seed, drawn by which generator version.</summary>
public sealed record PhantomOptions
{
    /// <summary>
    /// The generator's current version. 2 adds per-study details that tell one film from another at 16 px (docs/demo.md,
    /// "Copies that can be told from resemblance"); 1 is the original look, kept so earlier datasets can be re-made exactly.
    /// </summary>
    public const int CurrentVersion = 2;

    public int Count { get; init; } = 1000;

    /// <summary>Number of distinct subjects (patients); studies are dealt to them in turn. Default: a quarter of Count.</summary>
    public int? Subjects { get; init; }

    public int Seed { get; init; }

    /// <summary>Generator version (1 or 2); the same seed and version always give the same studies and pixels.</summary>
    public int Version { get; init; } = CurrentVersion;

    public int SubjectCount => Subjects ?? Math.Max(1, Count / 4);

    public void Validate()
    {
        if (Count < 1)
        {
            throw new ArgumentException($"{nameof(Count)}: must be at least 1, got {Count}");
        }

        if (SubjectCount < 1 || SubjectCount > Count)
        {
            throw new ArgumentException($"{nameof(Subjects)}: must lie between 1 and {nameof(Count)} ({Count}), got {SubjectCount}");
        }

        if (Version is < 1 or > CurrentVersion)
        {
            throw new ArgumentException($"{nameof(Version)}: must lie between 1 and {CurrentVersion}, got {Version}");
        }
    }
}

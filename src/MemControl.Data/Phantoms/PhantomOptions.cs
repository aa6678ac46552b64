namespace MemControl.Data.Phantoms;

/// <summary>How many synthetic studies, of how many subjects, from which seed.</summary>
public sealed record PhantomOptions
{
    public int Count { get; init; } = 1000;

    /// <summary>Number of distinct subjects (patients); studies are dealt to them in turn. Default: a quarter of Count.</summary>
    public int? Subjects { get; init; }

    public int Seed { get; init; }

    public int SubjectCount => Subjects ?? Math.Max(1, Count / 4);

    public void Validate()
    {
        if (Count < 1)
        {
            throw new ArgumentException($"--count must be at least 1, got {Count}");
        }

        if (SubjectCount < 1 || SubjectCount > Count)
        {
            throw new ArgumentException($"--subjects must lie between 1 and --count ({Count}), got {SubjectCount}");
        }
    }
}

namespace MemControl.Data.Memorization;

/// <summary>The memorization set and D_HPO of paper §4.1: N pairs repeated R times plus a fraction of the training split.</summary>
public sealed record MemorizationSetOptions
{
    /// <summary>N, the number of distinct pairs (paper: 100).</summary>
    public int Count { get; init; } = 100;

    /// <summary>R, how often each pair is repeated in D_HPO (paper: 50).</summary>
    public int Repeats { get; init; } = 50;

    public MemorizationSelection Selection { get; init; } = MemorizationSelection.LongestDiverseCaptions;

    /// <summary>
    /// With <see cref="MemorizationSelection.LongestDiverseCaptions"/>: a caption whose word-set Jaccard similarity to an
    /// already chosen caption is at least this is a near-duplicate and skipped (0.8: one or two words changed in a
    /// sentence of ten).
    /// </summary>
    public double DuplicateSimilarity { get; init; } = 0.8;

    /// <summary>The item ids to use with <see cref="MemorizationSelection.GivenIds"/>.</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>The share of the (other) training items added to D_HPO (paper: 1 %).</summary>
    public double HpoFraction { get; init; } = 0.01;

    public int Seed { get; init; }

    public void Validate()
    {
        if (Count < 1)
        {
            throw new ArgumentException($"{nameof(Count)}: must be at least 1, got {Count}");
        }

        if (Repeats < 1)
        {
            throw new ArgumentException($"{nameof(Repeats)}: must be at least 1, got {Repeats}");
        }

        if (HpoFraction is < 0 or > 1 || double.IsNaN(HpoFraction))
        {
            throw new ArgumentException($"{nameof(HpoFraction)}: must lie in [0, 1], got {HpoFraction}");
        }

        if (DuplicateSimilarity is <= 0 or > 1 || double.IsNaN(DuplicateSimilarity))
        {
            throw new ArgumentException($"{nameof(DuplicateSimilarity)}: must lie in (0, 1], got {DuplicateSimilarity}");
        }

        if (Selection == MemorizationSelection.GivenIds && Ids.Count == 0)
        {
            throw new ArgumentException($"{nameof(Ids)}: the selection 'ids' needs a list of item ids");
        }
    }
}

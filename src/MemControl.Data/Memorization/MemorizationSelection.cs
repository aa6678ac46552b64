namespace MemControl.Data.Memorization;

/// <summary>How the memorization set's pairs are chosen (docs/decisions.md §2).</summary>
public enum MemorizationSelection
{
    /// <summary>The captions with the most tokens, only exact repeats skipped (the official code's heuristic).</summary>
    LongestCaptions,

    /// <summary>A seeded uniform draw.</summary>
    Random,

    /// <summary>The items whose ids the user lists.</summary>
    GivenIds,

    /// <summary>
    /// The captions with the most tokens, skipping any caption too similar to one already chosen (token-set Jaccard
    /// ≥ <see cref="MemorizationSetOptions.DuplicateSimilarity"/>); the default. On real report sets the longest captions
    /// are often boilerplate variants of one another (issue 19: four near-identical captions), which makes the
    /// memorization set one prompt four times over.
    /// </summary>
    LongestDiverseCaptions,
}

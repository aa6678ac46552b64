namespace MemControl.Data.Memorization;

/// <summary>How the memorization set's pairs are chosen (SPEC §2).</summary>
public enum MemorizationSelection
{
    /// <summary>The captions with the most tokens (the official code's heuristic; the default).</summary>
    LongestCaptions,

    /// <summary>A seeded uniform draw.</summary>
    Random,

    /// <summary>The items whose ids the user lists.</summary>
    GivenIds,
}

namespace MemControl.Models.Loading;

/// <summary>
/// What a load found: module keys the checkpoint lacks, checkpoint keys the module lacks, and shape disagreements
/// (all by module key name, after <see cref="LegacyKeyMap"/>), plus the keys matched (loaded, unless a strict load threw).
/// </summary>
public sealed record StateDictLoadResult(
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<ShapeMismatch> ShapeMismatches,
    IReadOnlyList<string> MatchedKeys)
{
    /// <summary>True when every module key was loaded and nothing in the checkpoint was left over.</summary>
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;
}

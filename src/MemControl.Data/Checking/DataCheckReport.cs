namespace MemControl.Data.Checking;

/// <summary>What `memcontrol data check` found: counts, caption lengths, and every problem with its location.</summary>
public sealed record DataCheckReport(
    string Source,
    int Items,
    IReadOnlyDictionary<string, int> ItemsPerSplit,
    IReadOnlyDictionary<string, int> SubjectsPerSplit,
    int Subjects,
    CaptionLengthSummary CaptionTokens,
    int DuplicateImages,
    IReadOnlyList<DataProblem> Problems)
{
    /// <summary>True when some row or file cannot be used (the command then exits with 1).</summary>
    public bool HasUnusableFiles => Problems.Any(p => p.IsError);
}

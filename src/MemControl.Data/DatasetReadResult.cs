namespace MemControl.Data;

/// <summary>
/// What a dataset source (manifest, MIMIC folder) holds: the usable items, how often each repeats, the label
/// columns, and every problem found. Unusable rows are left out of <see cref="Items"/> and reported as errors.
/// </summary>
public sealed record DatasetReadResult(
    string Path,
    IReadOnlyList<DatasetItem> Items,
    IReadOnlyList<int> Repeats,
    IReadOnlyList<string> LabelColumns,
    IReadOnlyList<DataProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.IsError);
}


using MemControl.Workflow.FineTuning;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The rows of the paper's Table 1 (docs/decisions.md §10) in the paper's order: Freeze; Full FT, SV-DIFF, DiffFit, attention
/// tuning and the searched mask, each alone, + RWA and + threshold. Freeze has no mitigated rows: it trains nothing,
/// so a mitigation (which acts on training) would leave it unchanged.
/// </summary>
public static class BenchmarkRows
{
    /// <summary>The id prefix of the searched-mask rows.</summary>
    public const string SearchedMask = "memcontrol";

    private static readonly (string Id, string Label, string? Method)[] Methods =
    [
        ("full", "Full FT", "full"),
        ("svdiff", "SV-DIFF", "svdiff"),
        ("difffit", "DiffFit", "difffit"),
        ("attention", "Attention tuning", "attention"),
        (SearchedMask, "MemControl (searched mask)", null),
    ];

    public static IReadOnlyList<BenchmarkRow> All { get; } = Build();

    /// <summary>
    /// The rows <c>--rows</c> names (comma-separated ids, in table order whatever order they were typed in), or all
    /// rows when <paramref name="option"/> is null or empty. An unknown id is an <see cref="ArgumentException"/>.
    /// </summary>
    public static IReadOnlyList<BenchmarkRow> Select(string? option)
    {
        if (string.IsNullOrWhiteSpace(option))
        {
            return All;
        }

        var wanted = option.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.Where(id => All.All(row => row.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"unknown row '{string.Join("', '", unknown)}' (choose from {string.Join(", ", All.Select(row => row.Id))})");
        }

        return All.Where(row => wanted.Contains(row.Id)).ToList();
    }

    /// <summary>The row with this id, or null.</summary>
    public static BenchmarkRow? Find(string id) => All.FirstOrDefault(row => row.Id == id);

    private static List<BenchmarkRow> Build()
    {
        var rows = new List<BenchmarkRow> { new("freeze", "Freeze", "freeze", MitigationKind.None) };
        foreach (var (id, label, method) in Methods)
        {
            rows.Add(new BenchmarkRow(id, label, method, MitigationKind.None));
            rows.Add(new BenchmarkRow($"{id}+rwa", $"{label} + RWA", method, MitigationKind.Rwa));
            rows.Add(new BenchmarkRow($"{id}+threshold", $"{label} + threshold", method, MitigationKind.Threshold));
        }

        return rows;
    }
}

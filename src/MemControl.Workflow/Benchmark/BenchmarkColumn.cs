using System.Globalization;

namespace MemControl.Workflow.Benchmark;

/// <summary>A metric column of the table, with the direction in which it is better.</summary>
/// <param name="Key">CSV header and JSON-style name.</param>
/// <param name="Header">What the Markdown/HTML table shows, with an arrow for the better direction.</param>
/// <param name="LowerIsBetter">True for FD, extracted count, denoising strength and replication rate.</param>
/// <param name="Value">The column's value in a row's metrics.</param>
/// <param name="Format">.NET number format for display.</param>
public sealed record BenchmarkColumn(string Key, string Header, bool LowerIsBetter, Func<RowMetrics, double?> Value, string Format)
{
    /// <summary>The Table 1 columns (docs/decisions.md §10) in display order.</summary>
    public static IReadOnlyList<BenchmarkColumn> All { get; } =
    [
        new("fd", "FD ↓", LowerIsBetter: true, m => m.Fd, "0.00"),
        new("kid", "KID ↓", LowerIsBetter: true, m => m.Kid, "0.0000"),
        new("amd", "AMD ↑", LowerIsBetter: false, m => m.Amd, "0.0000"),
        new("alignment", "Alignment ↑", LowerIsBetter: false, m => m.Alignment, "0.00"),
        new("extracted", "Extracted ↓", LowerIsBetter: true, m => m.Extracted, "0"),
        new("own_rank", "Own rank ↑", LowerIsBetter: false, m => m.OwnRank, "0.000"),
        new("denoising_strength", "Denoising strength ↓", LowerIsBetter: true, m => m.DenoisingStrength, "0.000"),
        new("replication_rate", "Replication ↓", LowerIsBetter: true, m => m.ReplicationRate, "0.000"),
    ];

    /// <summary>The value as the table shows it; an em dash where the column was not measured.</summary>
    public string Display(double? value) => value is { } v ? v.ToString(Format, CultureInfo.InvariantCulture) : "—";

    /// <summary>A mean with its interval's half-width ("0.0450 ± 0.0031"), or the value alone.</summary>
    public string Display(double? value, double? halfWidth) =>
        value is not null && halfWidth is { } h ? $"{Display(value)} ± {Display(h)}" : Display(value);
}

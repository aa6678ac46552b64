namespace MemControl.Data.Manifests;

/// <summary>One record of a CSV file: its fields and the physical line it starts on (1-based; the header is line 1).</summary>
public sealed record CsvRecord(IReadOnlyList<string> Fields, int Line);

using System.Globalization;
using System.Text;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The benchmark table as Markdown (best per column in bold), CSV (raw numbers and a <c>best</c> column naming the
/// columns a row is best in) and HTML cells (best in bold) for an <see cref="HtmlReport"/>.
/// </summary>
public static class BenchmarkTableFormats
{
    public const string RowHeader = "Row";

    public static string Markdown(BenchmarkTable table)
    {
        var text = new StringBuilder();
        text.Append("| ").Append(RowHeader).Append(" | ").AppendJoin(" | ", table.Columns.Select(c => Reports.Markdown.Escape(c.Header))).Append(" |\n");
        text.Append("| --- |").AppendJoin("", table.Columns.Select(_ => " ---: |")).Append('\n');
        foreach (var line in table.Lines)
        {
            text.Append("| ").Append(Reports.Markdown.Escape(line.Label));
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var shown = line.Display(table.Columns[c], c);
                text.Append(" | ").Append(line.Best[c] ? $"**{shown}**" : shown);
            }

            text.Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>Header <c>row,label,&lt;column keys&gt;,best</c>; numbers round-trip, an unmeasured cell is empty.</summary>
    public static string Csv(BenchmarkTable table)
    {
        var text = new StringBuilder("row,label,");
        text.AppendJoin(',', table.Columns.Select(c => c.Key)).Append(",best\n");
        foreach (var line in table.Lines)
        {
            text.Append(CsvField(line.Id)).Append(',').Append(CsvField(line.Label));
            foreach (var value in line.Values)
            {
                text.Append(',').Append(value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            }

            var best = table.Columns.Where((_, c) => line.Best[c]).Select(c => c.Key);
            text.Append(',').Append(string.Join(';', best)).Append('\n');
        }

        return text.ToString();
    }

    public static IReadOnlyList<string> HtmlHeader(BenchmarkTable table) => [RowHeader, .. table.Columns.Select(c => c.Header)];

    public static IEnumerable<IReadOnlyList<HtmlCell>> HtmlRows(BenchmarkTable table) =>
        table.Lines.Select(line => (IReadOnlyList<HtmlCell>)
        [
            HtmlCell.Of(line.Label),
            .. table.Columns.Select((column, c) => HtmlCell.Number(line.Display(column, c), line.Best[c])),
        ]);

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

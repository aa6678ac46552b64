using MemControl.Models.Loading;
using System.Text;

namespace MemControl.Data.Manifests;

/// <summary>
/// Writes RFC 4180 CSV (UTF-8 without BOM, LF line ends), quoting only fields that need it; by hand, as its reader
/// <see cref="CsvParser"/> (docs/dependencies.md §8).
/// </summary>
public static class CsvWriter
{
    /// <summary>Formats a header and rows as CSV text.</summary>
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        AppendRecord(text, header);
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new ArgumentException($"a CSV row has {row.Count} fields but the header has {header.Count}", nameof(rows));
            }

            AppendRecord(text, row);
        }

        return text.ToString();
    }

    /// <summary>Writes the CSV to a temporary name beside <paramref name="path"/> and renames it, so no half file is left.</summary>
    public static void WriteFile(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        AtomicFile.WriteText(path, Format(header, rows));

    private static void AppendRecord(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field.StartsWith(' ') || field.EndsWith(' '))
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append('\n');
    }
}

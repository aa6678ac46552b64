using System.Text;

namespace MemControl.Workflow.Reports;

/// <summary>
/// Markdown helpers for reports: text from data is escaped so a caption cannot open a link, a table cell or an HTML
/// tag (GitHub renders inline HTML in Markdown, so angle brackets are escaped as entities too).
/// </summary>
public static class Markdown
{
    /// <summary>Characters that open emphasis, code, links, images, table cells or strike-through anywhere in a line.</summary>
    private const string Special = "\\`*_[]!|~>";

    /// <summary>Characters that start a heading, list or quote only at the start of a line.</summary>
    private const string LineStart = "#-+";

    /// <summary>Escapes Markdown syntax and HTML in <paramref name="text"/>; line breaks become spaces.</summary>
    public static string Escape(string? text)
    {
        var result = new StringBuilder();
        foreach (var character in text ?? "")
        {
            if (result.Length == 0 && LineStart.Contains(character))
            {
                result.Append('\\');
            }

            switch (character)
            {
                case '<':
                    result.Append("&lt;");
                    break;
                case '&':
                    result.Append("&amp;");
                    break;
                case '\r' or '\n':
                    result.Append(' ');
                    break;
                default:
                    if (Special.Contains(character))
                    {
                        result.Append('\\');
                    }

                    result.Append(character);
                    break;
            }
        }

        return result.ToString();
    }

    public static string Heading(int level, string text) => $"{new string('#', Math.Clamp(level, 1, 6))} {Escape(text)}\n\n";

    public static string Paragraph(string text) => $"{Escape(text)}\n\n";

    /// <summary>A pipe table; every header and cell is escaped.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new StringBuilder();
        table.Append("| ").AppendJoin(" | ", header.Select(Escape)).Append(" |\n");
        table.Append('|').AppendJoin('|', header.Select(_ => " --- ")).Append("|\n");
        foreach (var row in rows)
        {
            table.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        return table.Append('\n').ToString();
    }

    /// <summary>An image link to a file beside the Markdown file.</summary>
    public static string Image(string alternativeText, string relativePath) =>
        $"![{Escape(alternativeText)}](<{relativePath.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)}>)\n\n";
}

using System.Text;

namespace MemControl.Workflow.Reports;

/// <summary>
/// Writes the run report twice at once: a self-contained HTML page (<see cref="HtmlReport"/>, images embedded) and a
/// Markdown page whose images link to the files in the run folder. All text handed in is data and gets escaped.
/// </summary>
public sealed class ReportPage(string title)
{
    private readonly HtmlReport html = new(title);
    private readonly StringBuilder markdown = new(Markdown.Heading(1, title));

    public ReportPage Heading(string text)
    {
        html.Heading(2, text);
        markdown.Append(Markdown.Heading(2, text));
        return this;
    }

    public ReportPage Paragraph(string text, bool note = false)
    {
        html.Paragraph(text, note);
        markdown.Append(Markdown.Paragraph(note ? $"({text})" : text));
        return this;
    }

    /// <summary>A table; a cell's Markdown form is its text (an image cell shows its alternative text).</summary>
    public ReportPage Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<HtmlCell>> rows)
    {
        html.Table(header, rows);
        markdown.Append(Markdown.Table(header, rows.Select(row => (IReadOnlyList<string>)row.Select(cell => cell.Text ?? "").ToList())));
        return this;
    }

    /// <summary>A table whose Markdown is already rendered (the benchmark table, with its bold best values).</summary>
    public ReportPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<HtmlCell>> rows, string renderedMarkdown)
    {
        html.Table(header, rows);
        markdown.Append(renderedMarkdown).Append('\n');
        return this;
    }

    /// <summary>An image: embedded in the HTML (small ones enlarged), linked by <paramref name="relativePath"/> (from the run folder) in Markdown.</summary>
    public ReportPage Image(byte[] png, string alternativeText, string relativePath)
    {
        html.Image(PictureEnlarger.ForDisplay(png), alternativeText);
        markdown.Append(Markdown.Image(alternativeText, relativePath));
        return this;
    }

    public string Html => html.ToString();

    public string MarkdownText => markdown.ToString();
}

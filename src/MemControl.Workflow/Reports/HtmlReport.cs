using System.Globalization;
using System.Net;
using System.Text;

namespace MemControl.Workflow.Reports;

/// <summary>
/// Builds one self-contained HTML page (CSS inline, images embedded as base64 PNG), so a report can be mailed or
/// archived as a single file. Every piece of text passed in is HTML-escaped here: callers hand over raw data
/// (captions, file names, prompts) and never markup, so a caption <c>&lt;script&gt;</c> stays text.
/// </summary>
public sealed class HtmlReport
{
    private const string Style =
        "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#222;max-width:72em}" +
        "h1,h2{font-weight:600}table{border-collapse:collapse;margin:1em 0}" +
        "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}" +
        "th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}" +
        "img{image-rendering:pixelated;display:block}p.note{color:#555}";

    private readonly StringBuilder _body = new();
    private readonly string _title;

    public HtmlReport(string title)
    {
        _title = title;
        Heading(1, title);
    }

    /// <summary>Escapes text for an HTML element or a double-quoted attribute.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    public HtmlReport Heading(int level, string text)
    {
        level = Math.Clamp(level, 1, 6);
        _body.Append(CultureInfo.InvariantCulture, $"<h{level}>{Escape(text)}</h{level}>\n");
        return this;
    }

    public HtmlReport Paragraph(string text, bool note = false)
    {
        _body.Append(note ? "<p class=\"note\">" : "<p>").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A table whose cells are text or <see cref="HtmlCell"/> (numbers right-aligned, images embedded).</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<HtmlCell>> rows)
    {
        _body.Append("<table>\n<tr>");
        foreach (var column in header)
        {
            _body.Append("<th>").Append(Escape(column)).Append("</th>");
        }

        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                _body.Append(cell.ToHtml());
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</table>\n");
        return this;
    }

    /// <summary>An embedded PNG image with its alternative text.</summary>
    public HtmlReport Image(byte[] png, string alternativeText)
    {
        _body.Append(HtmlCell.ImageTag(png, alternativeText)).Append('\n');
        return this;
    }

    public override string ToString() =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        $"<title>{Escape(_title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n{_body}</body>\n</html>\n";
}

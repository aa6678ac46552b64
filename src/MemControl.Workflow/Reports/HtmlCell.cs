namespace MemControl.Workflow.Reports;

/// <summary>One table cell of an <see cref="HtmlReport"/>: escaped text, a right-aligned number or an embedded PNG.</summary>
public sealed record HtmlCell
{
    private HtmlCell(string? text, bool numeric, byte[]? png, bool strong = false)
    {
        Text = text;
        Numeric = numeric;
        Png = png;
        Strong = strong;
    }

    public string? Text { get; }

    public bool Numeric { get; }

    public byte[]? Png { get; }

    /// <summary>Shown in bold (e.g. the best value of a table column).</summary>
    public bool Strong { get; }

    public static HtmlCell Of(string? text) => new(text, false, null);

    public static HtmlCell Number(string formatted) => new(formatted, true, null);

    /// <summary>A right-aligned number, in bold when <paramref name="strong"/>.</summary>
    public static HtmlCell Number(string formatted, bool strong) => new(formatted, true, null, strong);

    /// <summary>An image cell; <paramref name="alternativeText"/> is escaped like every other text.</summary>
    public static HtmlCell Picture(byte[] png, string alternativeText) => new(alternativeText, false, png);

    public static implicit operator HtmlCell(string? text) => Of(text);

    internal string ToHtml() =>
        Png is not null ? $"<td>{ImageTag(Png, Text ?? "")}</td>"
        : Numeric && Strong ? $"<td class=\"num\"><strong>{HtmlReport.Escape(Text)}</strong></td>"
        : Numeric ? $"<td class=\"num\">{HtmlReport.Escape(Text)}</td>"
        : $"<td>{HtmlReport.Escape(Text)}</td>";

    internal static string ImageTag(byte[] png, string alternativeText) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"{HtmlReport.Escape(alternativeText)}\">";
}

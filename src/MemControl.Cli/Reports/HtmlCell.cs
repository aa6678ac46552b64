namespace MemControl.Cli.Reports;

/// <summary>One table cell of an <see cref="HtmlReport"/>: escaped text, a right-aligned number or an embedded PNG.</summary>
public sealed record HtmlCell
{
    private HtmlCell(string? text, bool numeric, byte[]? png)
    {
        Text = text;
        Numeric = numeric;
        Png = png;
    }

    public string? Text { get; }

    public bool Numeric { get; }

    public byte[]? Png { get; }

    public static HtmlCell Of(string? text) => new(text, false, null);

    public static HtmlCell Number(string formatted) => new(formatted, true, null);

    /// <summary>An image cell; <paramref name="alternativeText"/> is escaped like every other text.</summary>
    public static HtmlCell Picture(byte[] png, string alternativeText) => new(alternativeText, false, png);

    public static implicit operator HtmlCell(string? text) => Of(text);

    internal string ToHtml() =>
        Png is not null ? $"<td>{ImageTag(Png, Text ?? "")}</td>"
        : Numeric ? $"<td class=\"num\">{HtmlReport.Escape(Text)}</td>"
        : $"<td>{HtmlReport.Escape(Text)}</td>";

    internal static string ImageTag(byte[] png, string alternativeText) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"{HtmlReport.Escape(alternativeText)}\">";
}

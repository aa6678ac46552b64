
using MemControl.Workflow.Reports;

namespace MemControl.Tests.Cli.Reports;

public sealed class HtmlReportTests
{
    private const string Script = "<script>alert(1)</script>";

    [Fact]
    public void A_caption_holding_a_script_tag_stays_text()
    {
        // Given
        var page = new HtmlReport(Script);

        // When
        page.Paragraph(Script).Heading(2, Script).Table([Script], [[Script, HtmlCell.Number(Script)]]);
        var html = page.ToString();

        // Then
        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Alternative_text_cannot_break_out_of_its_attribute()
    {
        // Given
        var page = new HtmlReport("report");

        // When
        page.Image([1, 2, 3], "x\" onerror=\"alert(1)");

        // Then
        Assert.DoesNotContain("\" onerror=\"", page.ToString(), StringComparison.Ordinal);
        Assert.Contains("x&quot; onerror=&quot;alert(1)", page.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Images_are_embedded_as_base64_png_so_the_page_stands_alone()
    {
        // Given
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 7, 8, 9];
        var page = new HtmlReport("report");

        // When
        page.Table(["picture"], [[HtmlCell.Picture(png, "a")]]);
        var html = page.ToString();

        // Then
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }
}

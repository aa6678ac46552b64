
using MemControl.Workflow.Reports;

namespace MemControl.Tests.Cli.Reports;

public sealed class MarkdownTests
{
    [Fact]
    public void A_cell_with_a_pipe_and_a_tag_neither_splits_the_row_nor_renders_html()
    {
        // Given
        string[] header = ["caption"];
        IReadOnlyList<string>[] rows = [["a | b <script>alert(1)</script>"]];

        // When
        var table = Markdown.Table(header, rows);

        // Then
        var row = table.Split('\n')[2];
        Assert.Equal("| a \\| b &lt;script\\>alert(1)&lt;/script\\> |", row);
    }

    [Fact]
    public void A_caption_starting_like_a_heading_does_not_become_one()
    {
        // Given
        var caption = "# FINDINGS: none - stable";

        // When
        var escaped = Markdown.Escape(caption);

        // Then
        Assert.Equal("\\# FINDINGS: none - stable", escaped);
    }

    [Fact]
    public void Link_syntax_in_data_is_escaped()
    {
        // Given
        var text = "[click](http://evil)";

        // When
        var escaped = Markdown.Escape(text);

        // Then
        Assert.Equal("\\[click\\](http://evil)", escaped);
    }
}

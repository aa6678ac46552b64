using System.Text;
using MemControl.Data.Manifests;

namespace MemControl.Tests.Data;

public sealed class CsvParserTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        // Given
        var text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n";

        // When
        var records = CsvParser.Parse(text, "t.csv");

        // Then
        Assert.Equal(3, records.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["plain", "", "end"], records[2].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_accepted()
    {
        // Given
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("image,caption\r\nimg.png,\"a\r\nb\"\r\n")).ToArray();

        // When
        var records = CsvParser.Parse(bytes, "t.csv");

        // Then
        Assert.Equal("image", records[0].Fields[0]);
        Assert.Equal("a\r\nb", records[1].Fields[1]);
    }

    [Fact]
    public void An_unclosed_quote_names_the_line_where_it_opened()
    {
        // Given
        var text = "a,b\nx,y\n\"open,z\nmore\n";

        // When
        var error = Assert.Throws<InvalidDataException>(() => CsvParser.Parse(text, "t.csv"));

        // Then
        Assert.Contains("t.csv: line 3", error.Message);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        // When
        var error = Assert.Throws<InvalidDataException>(() => CsvParser.Parse("a,b\n\"x\"y,z\n", "t.csv"));

        // Then
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        // Given: Latin-1 'é' (0xE9) on line 2
        var bytes = Encoding.ASCII.GetBytes("a,b\ncaf").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes(",x\n")).ToArray();

        // When
        var error = Assert.Throws<InvalidDataException>(() => CsvParser.Parse(bytes, "t.csv"));

        // Then
        Assert.Contains("t.csv: line 2", error.Message);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Written_csv_reads_back_to_the_same_fields()
    {
        // Given
        string[] header = ["image", "caption"];
        string[][] rows = [["a.png", "with, comma"], ["b.png", "quote \" and\nbreak"], ["c.png", " padded "]];

        // When
        var records = CsvParser.Parse(CsvWriter.Format(header, rows), "t.csv");

        // Then
        Assert.Equal(rows, records.Skip(1).Select(r => r.Fields.ToArray()).ToArray());
    }
}

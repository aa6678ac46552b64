using MemControl.Cli.Commands.Benchmark;
using MemControl.Workflow.Benchmark;

namespace MemControl.Tests.Cli.Benchmark;

public sealed class BenchmarkTableTests
{
    // The paper's three quoted rows (docs/decisions.md §10) plus one with a tie and gaps.
    private static readonly (string Id, string Label, RowMetrics Metrics)[] Rows =
    [
        ("full", "Full FT", new RowMetrics(35.79, 0.029, 0.60, 356, 2.5, 0.40)),
        ("svdiff", "SV-DIFF", new RowMetrics(12.77, 0.062, 0.72, 63, 1.5, 0.10)),
        ("memcontrol", "MemControl, searched", new RowMetrics(11.93, 0.114, 0.75, 28, 1.5, null)),
        ("freeze", "Freeze", new RowMetrics(80.0, 0.2, null, 28, 3.0, null)),
    ];

    [Fact]
    public void The_best_of_each_column_follows_its_direction_and_ties_are_all_marked()
    {
        // When
        var table = BenchmarkTable.From(Rows, BenchmarkColumn.All);

        // Then: FD lowest (MemControl), AMD highest (Freeze), alignment highest (MemControl), extracted lowest (tie),
        // denoising strength lowest (tie), replication: SV-DIFF.
        bool[] Best(int row) => [.. table.Lines[row].Best];
        Assert.Equal([false, false, false, false, false, false, false, false], Best(0));
        Assert.Equal([false, false, false, false, false, false, true, true], Best(1));
        Assert.Equal([true, false, false, true, true, false, true, false], Best(2));
        Assert.Equal([false, false, true, false, true, false, false, false], Best(3));
    }

    [Fact]
    public void A_column_where_every_row_is_equal_marks_nothing()
    {
        // Given
        var rows = new[] { ("a", "A", new RowMetrics(1.0, 0.2, null, 0, null, null)), ("b", "B", new RowMetrics(2.0, 0.2, null, 0, null, null)) };

        // When
        var table = BenchmarkTable.From(rows, BenchmarkColumn.All);

        // Then: only FD separates the rows.
        Assert.Equal([true, false, false, false, false, false, false, false], table.Lines[0].Best);
        Assert.Equal([false, false, false, false, false, false, false, false], table.Lines[1].Best);
    }

    [Fact]
    public void A_column_with_a_single_measured_value_marks_nothing()
    {
        // Given
        var rows = new[] { ("a", "A", new RowMetrics(1.0, null, null, null, null, null)), ("b", "B", new RowMetrics(null, null, null, null, null, null)) };

        // When
        var table = BenchmarkTable.From(rows, BenchmarkColumn.All);

        // Then
        Assert.All(table.Lines, line => Assert.DoesNotContain(true, line.Best));
    }

    [Fact]
    public void Markdown_bolds_the_best_values_and_shows_a_dash_where_nothing_was_measured()
    {
        // Given
        var table = BenchmarkTable.From(Rows, BenchmarkColumn.All);

        // When
        var markdown = BenchmarkTableFormats.Markdown(table);

        // Then
        var lines = markdown.Split('\n');
        Assert.Equal("| Row | FD ↓ | KID ↓ | AMD ↑ | Alignment ↑ | Extracted ↓ | Own rank ↑ | Denoising strength ↓ | Replication ↓ |", lines[0]);
        Assert.Equal("| Full FT | 35.79 | — | 0.0290 | 0.60 | 356 | — | 2.500 | 0.400 |", lines[2]);
        Assert.Equal("| MemControl, searched | **11.93** | — | 0.1140 | **0.75** | **28** | — | **1.500** | — |", lines[4]);
    }

    [Fact]
    public void Csv_keeps_raw_numbers_quotes_a_label_with_a_comma_and_names_the_columns_a_row_is_best_in()
    {
        // Given
        var table = BenchmarkTable.From(Rows, BenchmarkColumn.All);

        // When
        var lines = BenchmarkTableFormats.Csv(table).TrimEnd('\n').Split('\n');

        // Then
        Assert.Equal("row,label,fd,kid,amd,alignment,extracted,own_rank,denoising_strength,replication_rate,best", lines[0]);
        Assert.Equal("full,Full FT,35.79,,0.029,0.6,356,,2.5,0.4,", lines[1]);
        Assert.Equal("memcontrol,\"MemControl, searched\",11.93,,0.114,0.75,28,,1.5,,fd;alignment;extracted;denoising_strength", lines[3]);
    }

    [Fact]
    public void Html_cells_put_the_best_values_in_bold()
    {
        // Given
        var table = BenchmarkTable.From(Rows, BenchmarkColumn.All);

        // When
        var html = new MemControl.Workflow.Reports.HtmlReport("t").Table(BenchmarkTableFormats.HtmlHeader(table), BenchmarkTableFormats.HtmlRows(table)).ToString();

        // Then
        Assert.Contains("<td class=\"num\"><strong>11.93</strong></td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">35.79</td>", html, StringComparison.Ordinal);
    }
}

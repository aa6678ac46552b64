using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Reports;

namespace MemControl.Tests.Workflow;

/// <summary>The report's first paragraph on a benchmark: rows that tie are said to tie, and the next measure decides.</summary>
public sealed class SummarySectionTests
{
    private static BenchmarkRowResult Row(string id, string label, int extracted, double amd) =>
        new(id, label, id, null, null, "none", 1, 10, 0.1, 1, 1, new RowMetrics(100, amd, null, extracted, null, null), []);

    private static string Summary(params BenchmarkRowResult[] rows)
    {
        var page = new ReportPage("t");
        SummarySection.Add(page, null, new BenchmarkResults("builtin", "data.csv", 10, 2, 1e-3, 0, 0, rows));
        return page.MarkdownText;
    }

    [Fact]
    public void When_every_row_extracts_the_same_count_it_says_they_do_not_differ_and_ranks_by_AMD()
    {
        // When
        var text = Summary(Row("freeze", "Freeze", 4, 0.16), Row("full", "Full FT", 4, 0.04), Row("difffit", "DiffFit", 4, 0.05));

        // Then
        Assert.Contains("By training captions extracted the rows do not differ: every row has 4.", text, StringComparison.Ordinal);
        Assert.Contains("the row that memorized most was Full FT (0.0400); the least, Freeze (0.1600)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The least was Freeze: 4", text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_rows_differ_in_extraction_the_count_decides_and_ties_at_the_top_are_named_together()
    {
        // When
        var text = Summary(Row("freeze", "Freeze", 0, 0.16), Row("full", "Full FT", 3, 0.04), Row("attention", "Attention tuning", 3, 0.07));

        // Then
        Assert.Contains("By training captions extracted, the row that memorized most was Full FT and Attention tuning (tied) (3); the least, Freeze (0).", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AMD (distance", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Own_rank_decides_before_AMD_because_AMD_follows_quality()
    {
        // Given: Freeze has the highest AMD (its samples are poor, so far from everything) but the own ranks say the
        // searched mask's samples are the least tied to their own training images.
        var rows = new[] { Row("freeze", "Freeze", 0, 0.16) with { Metrics = new RowMetrics(500, 0.16, null, 0, null, null) { OwnRank = 0.45 } },
            Row("full", "Full FT", 0, 0.04) with { Metrics = new RowMetrics(100, 0.04, null, 0, null, null) { OwnRank = 0.09 } },
            Row("memcontrol", "MemControl", 0, 0.05) with { Metrics = new RowMetrics(150, 0.05, null, 0, null, null) { OwnRank = 0.52 } } };

        var text = Summary(rows);

        Assert.Contains("the row that memorized most was Full FT (0.090); the least, MemControl (0.520).", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AMD (distance", text, StringComparison.Ordinal);
    }
}

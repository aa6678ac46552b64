using MemControl.Cli.Commands.Benchmark;
using MemControl.Cli.Commands.Train;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.FineTuning;

namespace MemControl.Tests.Cli.Benchmark;

public sealed class BenchmarkRowsTests
{
    [Fact]
    public void All_rows_are_freeze_and_five_methods_each_alone_with_rwa_and_with_threshold()
    {
        // Given / When
        var rows = BenchmarkRows.All;

        // Then: Freeze trains nothing, so it has no mitigated rows (paper Table 1 plus the searched mask).
        Assert.Equal(16, rows.Count);
        Assert.Equal("freeze", rows[0].Id);
        Assert.Equal(["full", "full+rwa", "full+threshold"], rows.Skip(1).Take(3).Select(r => r.Id));
        Assert.Equal(6, rows.Count(r => r.Mitigation == MitigationKind.None));
        Assert.Equal(3, rows.Count(r => r.UsesSearchedMask));
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void Selected_rows_come_in_table_order_whatever_order_they_were_typed_in()
    {
        // Given / When
        var rows = BenchmarkRows.Select(" svdiff+threshold, freeze ,full+rwa");

        // Then
        Assert.Equal(["freeze", "full+rwa", "svdiff+threshold"], rows.Select(r => r.Id));
        Assert.Equal(MitigationKind.Threshold, rows[2].Mitigation);
        Assert.Equal("svdiff", rows[2].Method);
    }

    [Fact]
    public void An_unknown_row_is_refused_naming_the_row_and_the_known_ones()
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => BenchmarkRows.Select("full,lora+magic"));

        // Then
        Assert.StartsWith("unknown row 'lora+magic' (choose from freeze,", error.Message, StringComparison.Ordinal);
        Assert.Contains("lora+magic", error.Message, StringComparison.Ordinal);
    }
}

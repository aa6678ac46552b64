using MemControl.Workflow.Benchmark;

namespace MemControl.Tests.Workflow;

/// <summary>
/// The benchmark's two questions in words: is the searched mask dominated by any row (baselines included), and does it
/// beat full fine-tuning stopped early at the same quality — with intervals over seeds deciding what counts.
/// </summary>
public sealed class BenchmarkComparisonsTests
{
    private static RowMetrics Metrics(double fd, double ownRank) => new(fd, 0.1, null, 0, null, null) { OwnRank = ownRank };

    private static BenchmarkRowResult Row(string id, string label, double fd, double ownRank, params CurvePoint[] curve) =>
        new(id, label, id, null, null, "none", 1, 100, 0.1, 1, 1, Metrics(fd, ownRank), curve);

    private static BenchmarkResults Seed(int seed, params BenchmarkRowResult[] rows) => new("builtin", "data.csv", 100, 2, 1e-3, seed, 40, rows);

    private static readonly BenchmarkPlan Plan = new() { Model = "builtin", Data = "data.csv", RunFolder = "/tmp/run", Steps = 100, CurveEvery = 40 };

    [Fact]
    public void A_searched_mask_beaten_by_a_baseline_on_both_axes_is_said_to_be_dominated_by_it()
    {
        // Given: attention tuning has a lower FD and a higher own rank than the searched mask.
        var rows = new[] { Row("full", "Full FT", 100, 0.1), Row("attention", "Attention tuning", 150, 0.5), Row("memcontrol", "MemControl", 180, 0.4) };

        // When
        var sentences = BenchmarkComparisons.Of(rows);

        // Then
        Assert.Contains(sentences, s => s.Contains("front (FD ↓, own rank (higher = less copying)), baselines included: Full FT, Attention tuning.", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.StartsWith("MemControl (FD 180.0, own rank 0.400) is dominated by Attention tuning (FD 150.0, own rank 0.500; one seed, no interval)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_searched_mask_nothing_beats_on_both_axes_is_said_to_be_on_the_front()
    {
        var rows = new[] { Row("full", "Full FT", 100, 0.1), Row("memcontrol", "MemControl", 120, 0.45) };

        var sentences = BenchmarkComparisons.Of(rows);

        Assert.Contains("MemControl is on that front: no row has both a lower FD and a higher own rank.", sentences);
    }

    [Fact]
    public void Early_stopped_full_fine_tuning_is_the_earliest_full_adapter_at_least_as_good_in_FD_and_intervals_decide()
    {
        // Given: over three seeds Full FT's FD passes the mask's (150) at step 80, where its own rank is far below the mask's.
        BenchmarkResults SeedOf(int s, double jitter) => Seed(s,
            Row("full", "Full FT", 100 + jitter, 0.10 + jitter / 100,
                new CurvePoint(40, Metrics(200 + jitter, 0.45 + jitter / 100)), new CurvePoint(80, Metrics(140 + jitter, 0.20 + jitter / 100))),
            Row("memcontrol", "MemControl", 150 + jitter, 0.48 + jitter / 100));
        var results = BenchmarkSeeds.Aggregate(Plan, [0, 1, 2], [SeedOf(0, -1), SeedOf(1, 0), SeedOf(2, 1)]);

        // When
        var early = Assert.Single(results.Comparisons!, s => s.StartsWith("Does MemControl beat early-stopped Full FT", StringComparison.Ordinal));

        // Then: compared with step 80 (not 40, whose FD is worse; not the final adapter, which is later), a yes.
        Assert.Contains("Against Full FT at step 80 (FD 140.0 ± 2.5 vs 150.0 ± 2.5)", early, StringComparison.Ordinal);
        Assert.EndsWith("yes: at equal quality it memorizes less, beyond the intervals.", early, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_intervals_at_equal_quality_are_reported_as_no_measurable_difference()
    {
        BenchmarkResults SeedOf(int s, double ownRank) => Seed(s,
            Row("full", "Full FT", 100, 0.30, new CurvePoint(40, Metrics(140, ownRank))),
            Row("memcontrol", "MemControl", 150, 0.35 + (s - 1) * 0.1));
        var results = BenchmarkSeeds.Aggregate(Plan, [0, 1, 2], [SeedOf(0, 0.30), SeedOf(1, 0.33), SeedOf(2, 0.36)]);

        var early = Assert.Single(results.Comparisons!, s => s.StartsWith("Does MemControl", StringComparison.Ordinal));

        Assert.EndsWith("no: the intervals overlap, so at equal quality the searched mask memorizes no measurably less.", early, StringComparison.Ordinal);
    }

    [Fact]
    public void With_one_seed_the_early_stopping_answer_says_it_is_not_a_finding()
    {
        var rows = new[] { Row("full", "Full FT", 100, 0.1, new CurvePoint(40, Metrics(140, 0.3))), Row("memcontrol", "MemControl", 150, 0.4) };

        var early = Assert.Single(BenchmarkComparisons.Of(rows), s => s.StartsWith("Does", StringComparison.Ordinal));

        Assert.Contains("yes on this seed; one seed gives no interval, so this is not a finding.", early, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_own_rank_the_plane_falls_back_to_AMD_and_its_front_spans_rows_and_steps()
    {
        // Given: no own rank measured; Full FT's step-40 adapter has the highest AMD of all.
        var rows = new[]
        {
            new BenchmarkRowResult("full", "Full FT", "full", null, null, "none", 1, 100, 0.1, 1, 1, new RowMetrics(100, 0.04, null, 0, null, null),
                [new CurvePoint(40, new RowMetrics(300, 0.20, null, 0, null, null))]),
            new BenchmarkRowResult("freeze", "Freeze", "freeze", null, null, "none", 0, 0, null, 0, 1, new RowMetrics(500, 0.16, null, 0, null, null), []),
        };

        var plane = QualityMemorizationPlane.Of(rows)!;

        Assert.Equal("amd", plane.MeasureKey);
        Assert.Equal(["Full FT", "Full FT at step 40"], plane.Front.Select(point => point.Name));
    }
}

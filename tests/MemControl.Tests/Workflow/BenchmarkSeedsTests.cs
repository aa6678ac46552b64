using MemControl.Workflow.Benchmark;

namespace MemControl.Tests.Workflow;

/// <summary>The benchmark over seeds: means with Student-t intervals, and findings stated only where intervals separate.</summary>
public sealed class BenchmarkSeedsTests
{
    private static BenchmarkRowResult Row(string id, string label, double fd, double amd) =>
        new(id, label, id, null, null, "none", 1, 10, 0.1, 1, 1, new RowMetrics(fd, amd, null, 0, null, null), []);

    private static BenchmarkResults Seed(int seed, params BenchmarkRowResult[] rows) =>
        new("builtin", "data.csv", 10, 2, 1e-3, seed, 0, rows);

    private static readonly BenchmarkPlan Plan = new() { Model = "builtin", Data = "data.csv", RunFolder = "/tmp/run" };

    [Fact]
    public void Each_cell_is_the_mean_over_seeds_with_the_95_percent_student_t_half_width()
    {
        // Given: FD 1, 2, 3 over three seeds: mean 2, sd 1, se 1/√3, t(0.975, 2 df) = 4.3027 → half-width 2.4841.
        var perSeed = new[] { Seed(0, Row("full", "Full FT", 1, 0.1)), Seed(1, Row("full", "Full FT", 2, 0.1)), Seed(2, Row("full", "Full FT", 3, 0.1)) };

        // When
        var results = BenchmarkSeeds.Aggregate(Plan, [0, 1, 2], perSeed);

        // Then
        var row = Assert.Single(results.Rows);
        Assert.Equal(2.0, row.Metrics.Fd!.Value, 12);
        Assert.Equal(2.4841, row.Intervals!["fd"].HalfWidth!.Value, 3);
        Assert.Equal(0.0, row.Intervals["amd"].HalfWidth!.Value, 12);
        Assert.Equal([1.0, 2.0, 3.0], row.PerSeed!.Select(m => m.Fd!.Value));
        Assert.Equal([0, 1, 2], results.Seeds);
        Assert.Contains("2.00 ± 2.48", BenchmarkTableFormats.Markdown(BenchmarkTable.From(results.Rows)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_difference_is_stated_as_separated_only_when_the_intervals_do_not_overlap()
    {
        // Given: DiffFit's FD is far from Full FT's in every seed; the searched mask's overlaps it.
        BenchmarkResults SeedOf(int s, double full, double difffit, double mask) => Seed(s,
            Row("full", "Full FT", full, 0.05), Row("difffit", "DiffFit", difffit, 0.05), Row("memcontrol", "MemControl", mask, 0.05));
        var perSeed = new[] { SeedOf(0, 10, 30, 9), SeedOf(1, 11, 31, 14), SeedOf(2, 12, 32, 12) };

        // When
        var findings = BenchmarkSeeds.Aggregate(Plan, [0, 1, 2], perSeed).Findings!;

        // Then
        var fd = Assert.Single(findings, f => f.StartsWith("FD ↓", StringComparison.Ordinal));
        Assert.Contains("separated — DiffFit 31.00 ± 2.48 (worse)", fd, StringComparison.Ordinal);
        Assert.Contains("not separated — MemControl", fd, StringComparison.Ordinal);
    }

    [Fact]
    public void Curves_are_averaged_over_seeds_at_the_steps_every_seed_evaluated()
    {
        // Given: step 40 in every seed, step 80 only in seed 0.
        BenchmarkRowResult Full(double fd40, params CurvePoint[] more) =>
            Row("full", "Full FT", 100, 0.05) with { Curve = [new CurvePoint(40, new RowMetrics(fd40, 0.2, null, 0, null, null)), .. more] };
        var perSeed = new[]
        {
            Seed(0, Full(200, new CurvePoint(80, new RowMetrics(150, 0.1, null, 0, null, null)))),
            Seed(1, Full(210)),
            Seed(2, Full(220)),
        };

        // When
        var curve = Assert.Single(BenchmarkSeeds.Aggregate(Plan, [0, 1, 2], perSeed).Rows).Curve;

        // Then
        var point = Assert.Single(curve);
        Assert.Equal(40, point.Step);
        Assert.Equal(210.0, point.Metrics.Fd!.Value, 12);
        Assert.Equal(24.841, point.Intervals!["fd"].HalfWidth!.Value, 2);
    }
}

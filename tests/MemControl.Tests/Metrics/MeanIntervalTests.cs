using MemControl.Metrics.Statistics;

namespace MemControl.Tests.Metrics;

public class MeanIntervalTests
{
    [Fact]
    public void The_t_interval_of_one_to_five_matches_scipy()
    {
        // Given: 1..5; scipy.stats.t.interval(0.95, 4, loc=3, scale=sem) = (1.036756838522439, 4.9632431614775605),
        // sem = 0.7071067811865476
        double[] values = [1, 2, 3, 4, 5];

        // When
        var interval = MeanInterval.StudentT(values);

        // Then: the table's t is rounded to 6 decimals, hence 1e-6
        Assert.Equal(3.0, interval.Mean, 1e-12);
        Assert.Equal(0.7071067811865476, interval.StandardError!.Value, 1e-12);
        Assert.Equal(1.036756838522439, interval.Lower!.Value, 1e-6);
        Assert.Equal(4.9632431614775605, interval.Upper!.Value, 1e-6);
        Assert.Equal(IntervalMethod.StudentT, interval.Method);
    }

    [Fact]
    public void Three_seeds_use_the_t_quantile_of_two_degrees_of_freedom()
    {
        // Given: a figure from three seeds; scipy: mean 0.12666666666666668, sem 0.01201850425154663,
        // t.interval(0.95, 2) = (0.07495521653929932, 0.17837811679403404) — 4.30 × sem, not 1.96 × sem
        double[] seeds = [0.12, 0.15, 0.11];

        // When
        var interval = MeanInterval.StudentT(seeds);

        // Then
        Assert.Equal(0.12666666666666668, interval.Mean, 1e-12);
        Assert.Equal(0.01201850425154663, interval.StandardError!.Value, 1e-12);
        Assert.Equal(0.07495521653929932, interval.Lower!.Value, 1e-6);
        Assert.Equal(0.17837811679403404, interval.Upper!.Value, 1e-6);
    }

    [Theory]
    [InlineData(1, 12.706204736432095)]
    [InlineData(7, 2.3646242510102993)]
    [InlineData(30, 2.0422724563012373)]
    [InlineData(31, 2.0395134463964077)]
    [InlineData(40, 2.0210753829953374)]
    [InlineData(120, 1.9799304050527766)]
    public void The_t_quantile_matches_scipy(int degreesOfFreedom, double expected)
    {
        // Given: expected = scipy.stats.t.ppf(0.975, ν) (scipy 1.10); table to 6 decimals, the expansion beyond 30 to 1e-4
        // When
        var t = StudentT.Quantile975(degreesOfFreedom);

        // Then
        Assert.Equal(expected, t, degreesOfFreedom <= 30 ? 1e-6 : 1e-4);
    }

    [Fact]
    public void One_value_has_no_interval()
    {
        var t = MeanInterval.StudentT([0.4]);
        var bootstrap = MeanInterval.Bootstrap([0.4]);
        Assert.Equal(0.4, t.Mean);
        Assert.Null(t.StandardError);
        Assert.Null(t.Lower);
        Assert.Null(bootstrap.Upper);
    }

    [Fact]
    public void The_bootstrap_of_zero_and_one_spans_zero_to_one()
    {
        // Given: {0, 1}: a resampled mean is 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4, so the 2.5 % and 97.5 %
        // percentiles of 2000 resampled means are 0 and 1, and their sd is √(0.25 / 2) = 0.35355
        double[] values = [0, 1];

        // When
        var interval = MeanInterval.Bootstrap(values, new BootstrapOptions { Seed = 5 });

        // Then
        Assert.Equal(0.5, interval.Mean);
        Assert.Equal(0.0, interval.Lower);
        Assert.Equal(1.0, interval.Upper);
        Assert.Equal(0.35355, interval.StandardError!.Value, 0.02);
    }

    [Fact]
    public void The_bootstrap_of_a_large_normal_sample_agrees_with_the_normal_interval()
    {
        // Given: 400 draws of N(10, 2²); the bootstrap of a mean approaches mean ± 1.96 · s·√((n − 1)/n)/√n
        var random = new Random(11);
        var values = Enumerable.Range(0, 400)
            .Select(_ => 10 + 2 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
            .ToArray();
        var mean = values.Average();
        var plugInError = MeanInterval.SampleStandardDeviation(values, mean) * Math.Sqrt(399.0 / 400) / Math.Sqrt(400);

        // When
        var interval = MeanInterval.Bootstrap(values, new BootstrapOptions { Resamples = 4000, Seed = 1 });

        // Then: within Monte-Carlo error (half width ≈ 0.2)
        Assert.Equal(mean - 1.96 * plugInError, interval.Lower!.Value, 0.02);
        Assert.Equal(mean + 1.96 * plugInError, interval.Upper!.Value, 0.02);
        Assert.Equal(plugInError, interval.StandardError!.Value, 0.01);
    }

    [Fact]
    public void The_bootstrap_is_seeded_and_equal_values_give_a_point()
    {
        double[] values = [0.1, 0.4, 0.35, 0.9, 0.2];
        Assert.Equal(MeanInterval.Bootstrap(values, new BootstrapOptions { Seed = 2 }), MeanInterval.Bootstrap(values, new BootstrapOptions { Seed = 2 }));
        var constant = MeanInterval.Bootstrap([0.3, 0.3, 0.3]);
        Assert.Equal(0.3, constant.Lower!.Value, 1e-12);
        Assert.Equal(0.3, constant.Upper!.Value, 1e-12);
    }

    [Fact]
    public void Linear_quantiles_match_numpy_percentile()
    {
        // Given: sorted [1, 1.5, 2.6, 3, 4, 9]; numpy.percentile(..., [0, 2.5, 50, 97.5, 100]) = [1, 1.0625, 2.8, 8.375, 9]
        double[] sorted = [1, 1.5, 2.6, 3, 4, 9];

        // When / Then
        Assert.Equal(1.0, Quantile.OfSorted(sorted, 0), 1e-12);
        Assert.Equal(1.0625, Quantile.OfSorted(sorted, 0.025), 1e-12);
        Assert.Equal(2.8, Quantile.OfSorted(sorted, 0.5), 1e-12);
        Assert.Equal(8.375, Quantile.OfSorted(sorted, 0.975), 1e-12);
        Assert.Equal(9.0, Quantile.OfSorted(sorted, 1), 1e-12);
    }
}

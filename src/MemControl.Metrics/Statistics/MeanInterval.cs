namespace MemControl.Metrics.Statistics;

/// <summary>
/// Intervals for a mean. <see cref="StudentT"/> is for a figure repeated over a few seeds (the benchmark's claims must
/// hold across seeds: report mean ± t-interval, not one run); <see cref="Bootstrap"/> is for a mean over items of one run
/// (memorization captions, generations), where values are bounded or skewed (shares of 0/1) and a normal interval would
/// leave [0, 1].
/// </summary>
public static class MeanInterval
{
    /// <summary>Mean, s/√n (s with the n − 1 divisor) and mean ± t(0.975, n − 1) · s/√n: a 95 % interval.</summary>
    public static IntervalEstimate StudentT(IReadOnlyList<double> values)
    {
        var n = CheckValues(values);
        var mean = values.Average();
        if (n < 2)
        {
            return new IntervalEstimate(mean, null, null, null, n, 0.95, IntervalMethod.StudentT);
        }

        var standardError = SampleStandardDeviation(values, mean) / Math.Sqrt(n);
        var halfWidth = Statistics.StudentT.Quantile975(n - 1) * standardError;
        return new IntervalEstimate(mean, standardError, mean - halfWidth, mean + halfWidth, n, 0.95, IntervalMethod.StudentT);
    }

    /// <summary>
    /// Percentile bootstrap of the mean: <see cref="BootstrapOptions.Resamples"/> resamples of n values drawn with
    /// replacement (seeded), bounds at the (1 − level)/2 and (1 + level)/2 quantiles of their means (linear
    /// interpolation, as numpy.percentile), standard error = the standard deviation of those means.
    /// </summary>
    public static IntervalEstimate Bootstrap(IReadOnlyList<double> values, BootstrapOptions? options = null)
    {
        options ??= new BootstrapOptions();
        options.Validate();
        var n = CheckValues(values);
        var mean = values.Average();
        if (n < 2)
        {
            return new IntervalEstimate(mean, null, null, null, n, options.Level, IntervalMethod.PercentileBootstrap);
        }

        var random = new Random(options.Seed);
        var means = new double[options.Resamples];
        for (var b = 0; b < means.Length; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += values[random.Next(n)];
            }

            means[b] = sum / n;
        }

        Array.Sort(means);
        var alpha = 1 - options.Level;
        var lower = Quantile.OfSorted(means, alpha / 2);
        var upper = Quantile.OfSorted(means, 1 - (alpha / 2));
        var standardError = SampleStandardDeviation(means, means.Average());
        return new IntervalEstimate(mean, standardError, lower, upper, n, options.Level, IntervalMethod.PercentileBootstrap);
    }

    /// <summary>Standard deviation with the n − 1 divisor.</summary>
    public static double SampleStandardDeviation(IReadOnlyList<double> values, double mean)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            throw new ArgumentException("values: a standard deviation needs at least 2 values", nameof(values));
        }

        var squares = 0.0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        return Math.Sqrt(squares / (values.Count - 1));
    }

    private static int CheckValues(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("values: no values to average", nameof(values));
        }

        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("values: every value must be finite", nameof(values));
        }

        return values.Count;
    }
}

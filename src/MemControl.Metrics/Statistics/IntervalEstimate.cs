namespace MemControl.Metrics.Statistics;

/// <summary>
/// A mean with its standard error and a confidence interval, as every figure of a benchmark table should carry
/// (docs/memorization-metrics.md, "Intervals"). With fewer than 2 values there is no spread to estimate: the standard
/// error and bounds are null (never NaN, so the record serialises to JSON).
/// </summary>
/// <param name="Mean">The sample mean.</param>
/// <param name="StandardError">s / √n for <see cref="IntervalMethod.StudentT"/>; the standard deviation of the resampled means for the bootstrap.</param>
/// <param name="Lower">Lower bound of the interval.</param>
/// <param name="Upper">Upper bound of the interval.</param>
/// <param name="Count">n, the number of values.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
/// <param name="Method">How the interval was made.</param>
public sealed record IntervalEstimate(
    double Mean, double? StandardError, double? Lower, double? Upper, int Count, double Level, IntervalMethod Method)
{
    /// <summary>Half the interval's width (null without an interval).</summary>
    public double? HalfWidth => Lower is { } lower && Upper is { } upper ? (upper - lower) / 2 : null;

    /// <summary>"m ± h" or "m [lo, hi]" for reports, with <paramref name="format"/> applied to each number.</summary>
    public string ToString(string format) => Lower is { } lower && Upper is { } upper
        ? Method == IntervalMethod.StudentT
            ? $"{Mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ± {((upper - lower) / 2).ToString(format, System.Globalization.CultureInfo.InvariantCulture)}"
            : $"{Mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} [{lower.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}, {upper.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}]"
        : Mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}

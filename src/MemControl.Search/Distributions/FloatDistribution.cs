namespace MemControl.Search.Distributions;

/// <summary>A real number in [Low, High]; with <see cref="Log"/> it is drawn uniformly in log space (e.g. a learning rate).</summary>
public sealed record FloatDistribution : ParameterDistribution
{
    public FloatDistribution(double low, double high, bool log = false)
    {
        if (!(high >= low) || double.IsInfinity(low) || double.IsInfinity(high))
        {
            throw new ArgumentException($"float distribution: need finite low <= high, got [{low}, {high}].");
        }

        if (log && low <= 0)
        {
            throw new ArgumentException($"float distribution: a log scale needs low > 0, got {low}.");
        }

        Low = low;
        High = high;
        Log = log;
    }

    public double Low { get; }

    public double High { get; }

    public bool Log { get; }

    public override bool Contains(double internalValue) => internalValue >= Low && internalValue <= High;

    public override string ToJson() =>
        $"{{\"type\":\"float\",\"low\":{Number(Low)},\"high\":{Number(High)},\"log\":{(Log ? "true" : "false")}}}";

    public override object ToExternal(double internalValue) => internalValue;

    /// <summary>The space numerical crossovers work in: log(value) on a log scale, else the value itself.</summary>
    public double ToSearchSpace(double value) => Log ? Math.Log(value) : value;

    /// <summary>Back from <see cref="ToSearchSpace"/>, clipped into [Low, High] against rounding.</summary>
    public double FromSearchSpace(double value) => Math.Clamp(Log ? Math.Exp(value) : value, Low, High);
}

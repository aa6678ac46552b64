namespace MemControl.Search.Distributions;

/// <summary>An integer in [Low, High], both inclusive.</summary>
public sealed record IntDistribution : ParameterDistribution
{
    public IntDistribution(long low, long high)
    {
        if (high < low)
        {
            throw new ArgumentException($"int distribution: high ({high}) is below low ({low}).");
        }

        Low = low;
        High = high;
    }

    public long Low { get; }

    public long High { get; }

    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High && Math.Floor(internalValue) == internalValue;

    public override string ToJson() => $"{{\"type\":\"int\",\"low\":{Low},\"high\":{High}}}";

    public override object ToExternal(double internalValue) => (long)internalValue;
}

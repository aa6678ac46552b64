namespace MemControl.Search.Distributions;

/// <summary>One of a fixed list of named choices; the internal value is the index.</summary>
public sealed record CategoricalDistribution : ParameterDistribution
{
    public CategoricalDistribution(IReadOnlyList<string> choices)
    {
        if (choices.Count == 0)
        {
            throw new ArgumentException("categorical distribution: needs at least one choice.");
        }

        Choices = choices.ToArray();
    }

    public IReadOnlyList<string> Choices { get; }

    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < Choices.Count && Math.Floor(internalValue) == internalValue;

    public override string ToJson() =>
        $"{{\"type\":\"categorical\",\"choices\":{System.Text.Json.JsonSerializer.Serialize(Choices)}}}";

    public override object ToExternal(double internalValue) => Choices[(int)internalValue];

    /// <summary>Records compare lists by reference; two distributions with the same choices are the same.</summary>
    public bool Equals(CategoricalDistribution? other) =>
        other is not null && Choices.SequenceEqual(other.Choices, StringComparer.Ordinal);

    public override int GetHashCode() => Choices.Aggregate(17, (h, c) => (h * 31) + c.GetHashCode(StringComparison.Ordinal));
}

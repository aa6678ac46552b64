namespace MemControl.Search.Distributions;

/// <summary>A bit (a mask gene): internal 0 = false, 1 = true. Treated as a two-choice categorical by the samplers.</summary>
public sealed record BoolDistribution : ParameterDistribution
{
    public override bool Contains(double internalValue) => internalValue is 0.0 or 1.0;

    public override string ToJson() => "{\"type\":\"bool\"}";

    public override object ToExternal(double internalValue) => internalValue != 0.0;
}

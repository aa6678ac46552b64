using MemControl.Search.Distributions;

namespace MemControl.Search.Samplers;

/// <summary>One uniform draw from a distribution (log-uniform for log floats): the random sampler's rule.</summary>
public static class UniformDraw
{
    public static double From(ParameterDistribution distribution, Random random) => distribution switch
    {
        BoolDistribution => random.Next(2),
        IntDistribution d => d.Low + random.NextInt64(d.High - d.Low + 1),
        FloatDistribution { Log: true } d => Math.Clamp(Math.Exp(Math.Log(d.Low) + (random.NextDouble() * (Math.Log(d.High) - Math.Log(d.Low)))), d.Low, d.High),
        FloatDistribution d => d.Low + (random.NextDouble() * (d.High - d.Low)),
        CategoricalDistribution d => random.Next(d.Choices.Count),
        _ => throw new ArgumentException($"no uniform draw for {distribution.GetType().Name}."),
    };
}

using MemControl.Search.Distributions;

namespace MemControl.Search.Samplers;

/// <summary>Every parameter drawn uniformly and independently (log-uniform for log floats): the baseline.</summary>
public sealed class RandomSampler(int? seed = null) : ISampler
{
    private readonly Random random = seed is { } s ? new Random(s) : new Random();

    public void BeforeTrial(Study study, FrozenTrial trial)
    {
    }

    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, ParameterDistribution> searchSpace) =>
        new Dictionary<string, double>();

    public double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution) =>
        UniformDraw.From(distribution, random);
}

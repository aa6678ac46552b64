namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// Each gene from the first parent, swapped for the second's with probability <see cref="SwappingProbability"/>
/// (optuna's UniformCrossover, its NSGA-II default, swapping_prob 0.5).
/// </summary>
public sealed class UniformCrossover(double swappingProbability = 0.5) : ICrossover
{
    public double SwappingProbability { get; } = swappingProbability is >= 0 and <= 1
        ? swappingProbability
        : throw new ArgumentException($"{nameof(SwappingProbability)}: must be in [0, 1], got {swappingProbability}.");

    public int ParentCount => 2;

    public double[] Crossover(IReadOnlyList<double[]> parents, double[] low, double[] high, Random random)
    {
        var child = new double[parents[0].Length];
        for (var g = 0; g < child.Length; g++)
        {
            child[g] = random.NextDouble() < SwappingProbability ? parents[1][g] : parents[0][g];
        }

        return child;
    }
}

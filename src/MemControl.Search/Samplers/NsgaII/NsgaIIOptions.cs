namespace MemControl.Search.Samplers.NsgaII;

/// <summary>NSGA-II settings; the defaults are optuna's NSGAIISampler defaults.</summary>
public sealed record NsgaIIOptions
{
    /// <summary>Trials per generation (optuna population_size = 50).</summary>
    public int PopulationSize { get; init; } = 50;

    /// <summary>Probability that a child is bred by crossover rather than copied from one parent (0.9).</summary>
    public double CrossoverProbability { get; init; } = 0.9;

    /// <summary>Swap probability of the uniform crossover that bool and categorical genes always get (0.5).</summary>
    public double SwappingProbability { get; init; } = 0.5;

    /// <summary>Per-gene mutation probability; null = 1 / number of genes (optuna's default).</summary>
    public double? MutationProbability { get; init; }

    /// <summary>Crossover of int and float genes; null = uniform crossover with <see cref="SwappingProbability"/>.</summary>
    public ICrossover? NumericalCrossover { get; init; }

    /// <summary>
    /// Mutation of float genes; null = resample the gene uniformly (optuna's mutation); a polynomial mutation
    /// perturbs it instead (Deb et al. 2002).
    /// </summary>
    public PolynomialMutation? FloatMutation { get; init; }

    public int? Seed { get; init; }
}

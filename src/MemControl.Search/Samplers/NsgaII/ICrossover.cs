namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// Recombines the numerical genes (int and float parameters) of parents into one child (optuna's BaseCrossover:
/// <c>n_parents</c> and <c>crossover</c>). Genes arrive in search space (log for log floats) with their bounds.
/// Bool and categorical genes never come here: they always get uniform crossover.
/// </summary>
public interface ICrossover
{
    /// <summary>How many parents one child needs.</summary>
    int ParentCount { get; }

    /// <summary>The child's genes; parents[p][g] is gene g of parent p.</summary>
    double[] Crossover(IReadOnlyList<double[]> parents, double[] low, double[] high, Random random);
}

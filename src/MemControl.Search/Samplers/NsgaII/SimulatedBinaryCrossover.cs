namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// Simulated binary crossover with bounds (Deb &amp; Agrawal 1995; the bounded form of Deb et al. 2002's NSGA-II
/// code, <c>realcross</c>). Per gene, with probability 0.5: draw the spread factor β_q from the polynomial
/// distribution of index η_c, corrected so the children stay inside [low, high]; make the two children
/// ½[(y1+y2) ∓ β_q (y2−y1)] and keep one of them at random. Otherwise the gene is the first parent's.
/// </summary>
public sealed class SimulatedBinaryCrossover(double distributionIndex = 20) : ICrossover
{
    private const double Epsilon = 1e-14;

    /// <summary>η_c: large values keep children near their parents (20 in Deb et al. 2002).</summary>
    public double DistributionIndex { get; } = distributionIndex > 0
        ? distributionIndex
        : throw new ArgumentException($"the SBX distribution index must be positive, got {distributionIndex}.");

    public int ParentCount => 2;

    public double[] Crossover(IReadOnlyList<double[]> parents, double[] low, double[] high, Random random)
    {
        var child = (double[])parents[0].Clone();
        for (var g = 0; g < child.Length; g++)
        {
            var y1 = Math.Min(parents[0][g], parents[1][g]);
            var y2 = Math.Max(parents[0][g], parents[1][g]);
            if (random.NextDouble() > 0.5 || y2 - y1 <= Epsilon)
            {
                continue;
            }

            var u = random.NextDouble();
            // Step 1: the lower child, with β from the distance of y1 to the lower bound.
            var betaLow = 1 + (2 * (y1 - low[g]) / (y2 - y1));
            var c1 = 0.5 * (y1 + y2 - (SpreadFactor(betaLow, u) * (y2 - y1)));
            // Step 2: the upper child, with β from the distance of y2 to the upper bound.
            var betaHigh = 1 + (2 * (high[g] - y2) / (y2 - y1));
            var c2 = 0.5 * (y1 + y2 + (SpreadFactor(betaHigh, u) * (y2 - y1)));
            // Step 3: keep one child at random, inside the bounds.
            child[g] = Math.Clamp(random.NextDouble() <= 0.5 ? c2 : c1, low[g], high[g]);
        }

        return child;
    }

    /// <summary>β_q for a uniform u, the polynomial distribution truncated at the bound that β describes.</summary>
    private double SpreadFactor(double beta, double u)
    {
        var alpha = 2 - Math.Pow(beta, -(DistributionIndex + 1));
        return u <= 1 / alpha
            ? Math.Pow(u * alpha, 1 / (DistributionIndex + 1))
            : Math.Pow(1 / (2 - (u * alpha)), 1 / (DistributionIndex + 1));
    }
}

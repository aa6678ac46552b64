namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// Bounded polynomial mutation of one numerical gene (Deb &amp; Goyal 1996; Deb et al. 2002's NSGA-II code,
/// <c>realmutate</c>): a perturbation δ_q with a polynomial distribution of index η_m, scaled to the range and
/// shaped so the result stays within [low, high].
/// </summary>
public sealed class PolynomialMutation(double distributionIndex = 20)
{
    /// <summary>η_m: large values make small perturbations (20 in Deb et al. 2002).</summary>
    public double DistributionIndex { get; } = distributionIndex > 0
        ? distributionIndex
        : throw new ArgumentException($"the polynomial mutation distribution index must be positive, got {distributionIndex}.");

    public double Mutate(double y, double low, double high, Random random)
    {
        if (high <= low)
        {
            return y;
        }

        var delta1 = (y - low) / (high - low);
        var delta2 = (high - y) / (high - low);
        var u = random.NextDouble();
        var power = 1 / (DistributionIndex + 1);
        double deltaQ;
        if (u <= 0.5)
        {
            var value = (2 * u) + ((1 - (2 * u)) * Math.Pow(1 - delta1, DistributionIndex + 1));
            deltaQ = Math.Pow(value, power) - 1;
        }
        else
        {
            var value = (2 * (1 - u)) + (2 * (u - 0.5) * Math.Pow(1 - delta2, DistributionIndex + 1));
            deltaQ = 1 - Math.Pow(value, power);
        }

        return Math.Clamp(y + (deltaQ * (high - low)), low, high);
    }
}

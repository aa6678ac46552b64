namespace MemControl.Metrics.Statistics;

/// <summary>
/// The two-sided 95 % quantile t(0.975, ν) of Student's t distribution: tabulated for ν = 1..30 (the usual number of
/// seeds lies there, where the normal 1.96 would understate an interval by up to 6.5×), and from the Cornish–Fisher
/// expansion t ≈ z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) beyond (error below 1e-4 for ν > 30).
/// </summary>
public static class StudentT
{
    /// <summary>z(0.975), the normal quantile the expansion starts from.</summary>
    public const double NormalQuantile975 = 1.959963984540054;

    // t(0.975, ν) for ν = 1..30, from scipy.stats.t.ppf(0.975, ν) (scipy 1.10), rounded to 6 decimals.
    private static readonly double[] Table975 =
    [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
        2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
        2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
    ];

    /// <summary>t(0.975, ν): a mean of n values ± this × s/√n (ν = n − 1) is a 95 % interval.</summary>
    public static double Quantile975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (degreesOfFreedom <= Table975.Length)
        {
            return Table975[degreesOfFreedom - 1];
        }

        const double z = NormalQuantile975;
        double nu = degreesOfFreedom;
        return z + ((z * z * z) + z) / (4 * nu) + ((5 * Math.Pow(z, 5)) + (16 * z * z * z) + (3 * z)) / (96 * nu * nu);
    }
}

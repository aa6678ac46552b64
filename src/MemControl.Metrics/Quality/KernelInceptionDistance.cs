using MemControl.Metrics.Features;
using MemControl.Models.Runtime;
using static TorchSharp.torch;

namespace MemControl.Metrics.Quality;

/// <summary>
/// Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the unbiased estimate of the squared
/// maximum mean discrepancy between real and generated features under the cubic polynomial kernel
/// <c>k(x, y) = (xᵀy / d + 1)³</c>, averaged over random subsets of equal size m:
/// <c>MMD²_u = Σ_{i≠j} k(x_i, x_j) / (m(m − 1)) + Σ_{i≠j} k(y_i, y_j) / (m(m − 1)) − 2 Σ_{i,j} k(x_i, y_j) / m²</c>.
/// <para>
/// Why beside FD: FD fits a d × d covariance, so with fewer images than dimensions (the demo: 16 real images in
/// ResNet-18's 512-d space, covariance rank ≤ 15) it is dominated by a bias that depends on n. KID is unbiased at any n
/// and needs no covariance, so small evaluations compare across image counts and seeds (docs/metrics.md). Named after
/// its features like FD ("KID-ResNet18"): not comparable with published Inception KIDs.
/// </para>
/// <para>
/// Subsets are drawn without replacement, as clean-fid and torchmetrics do, from a seeded <see cref="Random"/>: the
/// draws differ from numpy's, so with subsets smaller than the sets the value agrees with theirs in distribution, not
/// digit for digit; when both sets have ≤ <see cref="KernelDistanceOptions.SubsetSize"/> vectors of equal count every
/// subset is the whole set and the value is exact.
/// </para>
/// </summary>
public static class KernelInceptionDistance
{
    /// <summary>KID of <paramref name="generated"/> against <paramref name="real"/>: mean ± sd over subsets.</summary>
    public static KernelDistanceResult Between(FeatureMatrix real, FeatureMatrix generated, KernelDistanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        options ??= new KernelDistanceOptions();
        options.Validate();
        CheckDimensions(real, generated);
        var m = Math.Min(options.SubsetSize, Math.Min(real.Count, generated.Count));
        if (m < 2)
        {
            throw new ArgumentException(
                $"KID needs at least 2 vectors in each set, got {real.Count} real and {generated.Count} generated");
        }

        using var scope = NewDisposeScope();
        var x = AsTensor(real);
        var y = AsTensor(generated);
        var d = x.shape[1];
        if (m == real.Count && m == generated.Count)
        {
            // Every subset is a permutation of both whole sets, and MMD²_u does not depend on order: one value, no spread.
            var whole = UnbiasedMmdSquared(x, y);
            return new KernelDistanceResult(whole, 0, m, Enumerable.Repeat(whole, options.SubsetCount).ToArray());
        }


        // Up to MaxPrecomputedSetSize vectors per set, the three kernel matrices are computed once (≤ 3 × 32 MB) and each subset
        // only gathers its block: 100 subsets of 1000 then cost 3 matmuls instead of 300. Same values either way.
        var precomputed = real.Count <= options.MaxPrecomputedSetSize && generated.Count <= options.MaxPrecomputedSetSize
            ? (Xx: Kernel(x, x, d), Yy: Kernel(y, y, d), Xy: Kernel(x, y, d))
            : ((Tensor Xx, Tensor Yy, Tensor Xy)?)null;
        var random = new Random(options.Seed);
        var values = new double[options.SubsetCount];
        for (var s = 0; s < values.Length; s++)
        {
            using var subsetScope = NewDisposeScope();
            var realRows = tensor(DrawWithoutReplacement(random, real.Count, m), ScalarType.Int64);
            var generatedRows = tensor(DrawWithoutReplacement(random, generated.Count, m), ScalarType.Int64);
            values[s] = precomputed is (var xx, var yy, var xy)
                ? FromKernels(
                    xx.index_select(0, realRows).index_select(1, realRows),
                    yy.index_select(0, generatedRows).index_select(1, generatedRows),
                    xy.index_select(0, realRows).index_select(1, generatedRows))
                : UnbiasedMmdSquared(x.index_select(0, realRows), y.index_select(0, generatedRows));
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return new KernelDistanceResult(mean, sd, m, values);
    }

    /// <summary>
    /// The unbiased MMD² under the cubic kernel between two whole sets, which may differ in size (at least 2 each):
    /// within-set sums skip i = j and divide by n(n − 1); the cross sum divides by n_x n_y.
    /// </summary>
    public static double UnbiasedMmdSquared(FeatureMatrix first, FeatureMatrix second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        CheckDimensions(first, second);
        if (first.Count < 2 || second.Count < 2)
        {
            throw new ArgumentException($"MMD² needs at least 2 vectors in each set, got {first.Count} and {second.Count}");
        }

        using var scope = NewDisposeScope();
        return UnbiasedMmdSquared(AsTensor(first), AsTensor(second));
    }

    private static double UnbiasedMmdSquared(Tensor x, Tensor y)
    {
        var d = x.shape[1];
        return FromKernels(Kernel(x, x, d), Kernel(y, y, d), Kernel(x, y, d));
    }

    private static double FromKernels(Tensor kxx, Tensor kyy, Tensor kxy)
    {
        var nx = kxx.shape[0];
        var ny = kyy.shape[0];
        var withinX = (kxx.sum() - kxx.diagonal().sum()).item<double>() / (nx * (nx - 1));
        var withinY = (kyy.sum() - kyy.diagonal().sum()).item<double>() / (ny * (ny - 1));
        var across = kxy.sum().item<double>() / (nx * ny);
        return withinX + withinY - (2 * across);
    }

    // k(a, b) = (aᵀb / d + 1)³ for every pair, in float64 (sums of 10⁶ kernel values lose digits in float32).
    private static Tensor Kernel(Tensor a, Tensor b, long dimension) => a.matmul(b.T).DividedBy(dimension).Plus(1).Cubed();

    private static Tensor AsTensor(FeatureMatrix features) =>
        tensor(features.Values, [features.Count, features.Dimension]).to(ScalarType.Float64);

    // A partial Fisher–Yates shuffle: the first `count` of a random permutation of 0..n − 1.
    private static long[] DrawWithoutReplacement(Random random, int n, int count)
    {
        var pool = new long[n];
        for (var i = 0; i < n; i++)
        {
            pool[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, n);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }

    private static void CheckDimensions(FeatureMatrix first, FeatureMatrix second)
    {
        if (first.Dimension != second.Dimension)
        {
            throw new ArgumentException($"feature dimensions differ: {first.Dimension} and {second.Dimension}");
        }
    }
}

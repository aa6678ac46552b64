using MemControl.Metrics.Features;
using MemControl.Metrics.Quality;

namespace MemControl.Tests.Metrics;

public class KernelInceptionDistanceTests
{
    private static readonly float[] Real5 = [0.5f, 1.2f, 0.0f, 1.1f, 0.3f, 0.7f, 0.2f, 0.9f, 1.5f, 1.4f, 0.6f, 0.4f, 0.8f, 0.1f, 1.0f];
    private static readonly float[] Generated5 = [0.9f, 1.4f, 0.2f, 1.6f, 0.5f, 0.3f, 0.4f, 1.1f, 1.2f, 1.0f, 0.9f, 0.8f, 1.3f, 0.2f, 0.6f];

    [Fact]
    public void Equal_sized_sets_below_the_subset_size_give_the_reference_unbiased_mmd_with_no_spread()
    {
        // Given: 5 real and 5 generated 3-d vectors; every subset is then the whole set (a permutation of it).
        // Reference from numpy (float32 inputs cast to float64), the clean-fid formula
        // (a.sum() − diag(a).sum())/(m − 1) − 2 b.sum()/m, all / m: −0.38010302170817223 (negative: unbiased).
        var real = new FeatureMatrix(Real5, 5, 3);
        var generated = new FeatureMatrix(Generated5, 5, 3);

        // When
        var kid = KernelInceptionDistance.Between(real, generated, new KernelDistanceOptions { SubsetCount = 7 });

        // Then
        Assert.Equal(-0.38010302170817223, kid.Mean, 1e-9);
        Assert.Equal(0.0, kid.StandardDeviation, 1e-9);
        Assert.Equal(5, kid.SubsetSize);
        Assert.Equal(7, kid.SubsetCount);
    }

    [Fact]
    public void A_shifted_generated_set_gives_the_reference_value()
    {
        // Given: the generated vectors + 1 in every coordinate; numpy reference: 59.26666413291761
        var real = new FeatureMatrix(Real5, 5, 3);
        var generated = new FeatureMatrix(Generated5.Select(v => v + 1f).ToArray(), 5, 3);

        // When
        var kid = KernelInceptionDistance.Between(real, generated);

        // Then
        Assert.Equal(59.26666413291761, kid.Mean, 1e-6);
    }

    [Fact]
    public void The_unbiased_mmd_of_sets_of_different_size_matches_the_reference()
    {
        // Given: 6 real (the 5 + (0, 0.7, 0.9)) and the first 4 generated vectors; numpy reference with within-set
        // sums over i ≠ j / (n(n − 1)) and the cross sum / (n_x n_y): −0.03628853797818721
        var real = new FeatureMatrix([.. Real5, 0.0f, 0.7f, 0.9f], 6, 3);
        var generated = new FeatureMatrix(Generated5[..12], 4, 3);

        // When
        var mmd = KernelInceptionDistance.UnbiasedMmdSquared(real, generated);

        // Then
        Assert.Equal(-0.03628853797818721, mmd, 1e-9);
    }

    [Fact]
    public void Two_samples_of_one_distribution_score_near_zero_and_a_shifted_one_clearly_above()
    {
        // Given: three independent sets of 300 16-d Gaussian vectors; the third shifted by 0.3 in every coordinate
        var a = Gaussian(300, 16, 0, seed: 1);
        var b = Gaussian(300, 16, 0, seed: 2);
        var shifted = Gaussian(300, 16, 0.3, seed: 3);
        var options = new KernelDistanceOptions { SubsetSize = 100, SubsetCount = 50 };

        // When
        var same = KernelInceptionDistance.Between(a, b, options);
        var different = KernelInceptionDistance.Between(a, shifted, options);

        // Then: the unbiased estimate centres on 0 for equal distributions (no n-dependent bias, unlike FD)
        Assert.InRange(Math.Abs(same.Mean), 0, 3 * same.StandardDeviation / Math.Sqrt(options.SubsetCount) + 0.02);
        Assert.True(different.Mean > 10 * Math.Abs(same.Mean), $"shifted {different.Mean} vs same {same.Mean}");
        Assert.True(different.Mean > 3 * different.StandardDeviation);
    }

    [Fact]
    public void Subset_draws_are_seeded()
    {
        // Given: subsets of 20 from sets of 60, so draws matter
        var real = Gaussian(60, 4, 0, seed: 4);
        var generated = Gaussian(60, 4, 0.2, seed: 5);

        // When
        var first = KernelInceptionDistance.Between(real, generated, new KernelDistanceOptions { SubsetSize = 20, SubsetCount = 10, Seed = 3 });
        var again = KernelInceptionDistance.Between(real, generated, new KernelDistanceOptions { SubsetSize = 20, SubsetCount = 10, Seed = 3 });
        var other = KernelInceptionDistance.Between(real, generated, new KernelDistanceOptions { SubsetSize = 20, SubsetCount = 10, Seed = 4 });

        // Then
        Assert.Equal(first.SubsetValues, again.SubsetValues);
        Assert.NotEqual(first.SubsetValues, other.SubsetValues);
        Assert.True(first.StandardDeviation > 0);
    }

    [Fact]
    public void Precomputed_and_per_subset_kernels_give_the_same_values()
    {
        // Given: the same draws (same seed) with the kernel matrices precomputed once and computed per subset
        var real = Gaussian(50, 8, 0, seed: 6);
        var generated = Gaussian(40, 8, 0.1, seed: 7);
        var options = new KernelDistanceOptions { SubsetSize = 15, SubsetCount = 5, Seed = 9 };

        // When
        var precomputed = KernelInceptionDistance.Between(real, generated, options);
        var perSubset = KernelInceptionDistance.Between(real, generated, options with { MaxPrecomputedSetSize = 0 });

        // Then
        Assert.Equal(perSubset.SubsetValues.Count, precomputed.SubsetValues.Count);
        for (var s = 0; s < perSubset.SubsetValues.Count; s++)
        {
            Assert.Equal(perSubset.SubsetValues[s], precomputed.SubsetValues[s], 1e-9);
        }
    }

    [Fact]
    public void Bad_options_name_the_property()
    {
        var set = new FeatureMatrix(Real5, 5, 3);
        var error = Assert.Throws<ArgumentException>(() =>
            KernelInceptionDistance.Between(set, set, new KernelDistanceOptions { SubsetSize = 1 }));
        Assert.Contains("KernelDistanceOptions.SubsetSize", error.Message);
    }

    private static FeatureMatrix Gaussian(int count, int dimension, double mean, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            // Box–Muller
            var u = 1 - random.NextDouble();
            var v = random.NextDouble();
            values[i] = (float)(mean + Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return new FeatureMatrix(values, count, dimension);
    }
}

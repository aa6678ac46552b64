using MemControl.Metrics.Features;
using MemControl.Metrics.Quality;

namespace MemControl.Tests.Metrics;

public class FrechetDistanceTests
{
    [Fact]
    public void Two_dimensional_gaussians_match_the_closed_form()
    {
        // Given: for 2 × 2 PSD matrices, tr (A^½ B A^½)^½ = √(tr AB + 2 √(det A det B)), so
        // FD = ‖μ₁ − μ₂‖² + tr A + tr B − 2 √(tr AB + 2 √(det A · det B)).
        var a = new double[,] { { 2.0, 0.6 }, { 0.6, 1.0 } };
        var b = new double[,] { { 1.5, -0.4 }, { -0.4, 0.8 } };
        var first = new GaussianFit([0.5, -1.0], a, 1000);
        var second = new GaussianFit([1.5, 0.5], b, 1000);
        var traceAb = a[0, 0] * b[0, 0] + a[0, 1] * b[1, 0] + a[1, 0] * b[0, 1] + a[1, 1] * b[1, 1];
        var detA = a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0];
        var detB = b[0, 0] * b[1, 1] - b[0, 1] * b[1, 0];
        var expected = (1.0 + 2.25) + (3.0 + 2.3) - 2 * Math.Sqrt(traceAb + 2 * Math.Sqrt(detA * detB));

        // When
        var distance = FrechetDistance.Between(first, second);

        // Then
        Assert.Equal(expected, distance, 1e-10);
    }

    [Fact]
    public void Diagonal_gaussians_give_the_sum_of_squared_differences_of_standard_deviations()
    {
        // Given: commuting covariances: FD = ‖Δμ‖² + Σ (σ₁ᵢ − σ₂ᵢ)²
        var first = new GaussianFit([0, 0, 0], new double[,] { { 4, 0, 0 }, { 0, 1, 0 }, { 0, 0, 9 } }, 10);
        var second = new GaussianFit([1, 2, 0], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 16 } }, 10);

        // When
        var distance = FrechetDistance.Between(first, second);

        // Then: 5 + (2−1)² + 0 + (3−4)² = 7
        Assert.Equal(7.0, distance, 1e-10);
    }

    [Fact]
    public void A_feature_set_is_at_distance_zero_from_itself()
    {
        // Given: 300 random 64-d features (non-negative, as ResNet's)
        var random = new Random(1);
        var values = Enumerable.Range(0, 300 * 64).Select(_ => (float)Math.Abs(random.NextDouble() * 3 - 1)).ToArray();
        var features = new FeatureMatrix(values, 300, 64);

        // When
        var distance = FrechetDistance.Between(features, features);

        // Then
        Assert.InRange(distance, -1e-6, 1e-6);
    }

    [Fact]
    public void The_fit_of_a_feature_set_has_its_sample_mean_and_unbiased_covariance()
    {
        // Given: rows (1, 2), (3, 2), (2, 5)
        var features = new FeatureMatrix([1, 2, 3, 2, 2, 5], 3, 2);

        // When
        var fit = GaussianFit.Of(features);

        // Then: mean (2, 3); var x = 1, var y = 3, cov = (−1·−1 + 1·−1 + 0·2)/2 = 0
        Assert.Equal([2.0, 3.0], fit.Mean);
        Assert.Equal(1.0, fit.Covariance[0, 0], 1e-12);
        Assert.Equal(3.0, fit.Covariance[1, 1], 1e-12);
        Assert.Equal(0.0, fit.Covariance[0, 1], 1e-12);
    }
}

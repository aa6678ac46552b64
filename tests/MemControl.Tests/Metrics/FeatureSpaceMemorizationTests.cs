using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;
using MemControl.Metrics.Quality;

namespace MemControl.Tests.Metrics;

public class AverageMinimumDistanceTests
{
    [Fact]
    public void Amd_is_the_mean_of_one_minus_the_largest_absolute_cosine()
    {
        // Given: training e1, e2; generated: −e1 (|cos| 1 with e1), (1, 1)/√2 (|cos| 1/√2), (3, 4) (|cos| 0.8 with e2)
        var training = new FeatureMatrix([1, 0, 0, 1], 2, 2);
        var generated = new FeatureMatrix([-1, 0, 1, 1, 3, 4], 3, 2);

        // When
        var amd = AverageMinimumDistance.Compute(generated, training);

        // Then
        var expected = ((1 - 1.0) + (1 - 1 / Math.Sqrt(2)) + (1 - 0.8)) / 3;
        Assert.Equal(expected, amd, 1e-7);
    }

    [Fact]
    public void MiFid_divides_by_amd_only_below_the_threshold()
    {
        // Given / When / Then: AMD 0.05 < 0.1 → FD / 0.05; AMD 0.2 → FD / 1
        Assert.Equal(200.0, MiFid.Compute(10, 0.05), 1e-9);
        Assert.Equal(10.0, MiFid.Compute(10, 0.2), 1e-12);
    }
}

public class ReplicationRateTests
{
    [Fact]
    public void Counts_generations_above_the_threshold_and_reports_the_baseline()
    {
        // Given: training e1, e2, e3 (mutually orthogonal: baseline similarity 0); generated: one near e1 (cos 0.98),
        // one between e2 and e3 (cos 0.707), one near nothing (cos 0.4 at best)
        var training = new FeatureMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3);
        var generated = FeatureMatrix.FromRows([[1f, 0.2f, 0f], [0f, 1f, 1f], [0.4f, 0.4f, 0.4f]]);
        using var search = new NearestNeighbourSearch(training, NeighbourMetric.Cosine);
        var baseline = NeighbourBaseline.Of(search, training);

        // When
        var result = ReplicationRate.Measure(generated, search, baseline);

        // Then: 0.98, 0.707 and 1/√3 ≈ 0.577 all pass 0.5; no training image passes it against another
        Assert.Equal(0.5, result.Threshold);
        Assert.Equal(1.0, result.Rate, 1e-12);
        Assert.Equal(0.0, result.BaselineRate);
        Assert.Equal(0, result.Nearest[0].Index);
        Assert.Contains("SSCD", result.ThresholdSource);
    }

    [Fact]
    public void A_threshold_calibrated_on_the_baseline_follows_the_training_neighbours()
    {
        // Given: training pairs that are close (cos 0.99) — in this space 0.5 would call every real image a copy
        var training = FeatureMatrix.FromRows([[1f, 0.1f, 0f], [1f, 0f, 0.1f], [0f, 1f, 0.1f], [0.1f, 1f, 0f]]);
        var generated = FeatureMatrix.FromRows([[1f, 0.05f, 0.05f], [0.7f, 0.7f, 0f]]);
        using var search = new NearestNeighbourSearch(training, NeighbourMetric.Cosine);
        var baseline = NeighbourBaseline.Of(search, training);

        // When
        var fixedResult = ReplicationRate.Measure(generated, search, baseline);
        var calibrated = ReplicationRate.Measure(generated, search, baseline, ReplicationThreshold.FromBaseline(0.5));

        // Then: the fixed 0.5 is passed by every training image's own neighbour; the calibrated one is the baseline median
        Assert.Equal(1.0, fixedResult.BaselineRate);
        Assert.Equal(baseline.Quantile(0.5), calibrated.Threshold, 1e-12);
        Assert.InRange(calibrated.Threshold, 0.98, 0.995);
        Assert.Equal(0.5, calibrated.Rate, 1e-12); // (1, .05, .05) has cos 0.9975 with row 0; (0.7, 0.7, 0) does not pass
    }
}

public class FeatureSpaceEvaluationTests
{
    [Fact]
    public void Figures_are_labelled_with_their_feature_space_and_combine_fd_and_amd()
    {
        // Given: real and generated 2-d sets with equal covariance, means 3 apart in x; generated lie on training rays
        var real = new FeatureMatrix([0, 1, 0, -1, 2, 0, -2, 0], 4, 2);
        var generated = new FeatureMatrix([3, 1, 3, -1, 5, 0, 1, 0], 4, 2);
        var training = new FeatureMatrix([3, 1, 3, -1, 1, 0], 3, 2);

        // When
        var scores = FeatureSpaceEvaluation.Evaluate("ResNet18", real, generated, training);

        // Then: FD = ‖(3, 0)‖² = 9 (same covariance); every generation is parallel to a training vector: AMD 0 → MiFID ∞
        Assert.Equal("FD-ResNet18", scores.FrechetDistanceName);
        Assert.Equal(9.0, scores.FrechetDistance, 1e-9);
        Assert.Equal(0.0, scores.AverageMinimumDistance, 1e-6);
        Assert.Equal(4, scores.GeneratedCount);
    }
}

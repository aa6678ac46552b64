using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;
using MemControl.Metrics.Quality;

namespace MemControl.Tests.Metrics;

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

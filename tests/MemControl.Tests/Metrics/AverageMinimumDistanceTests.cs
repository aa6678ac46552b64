using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;

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
}

using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

public class CopyingScoreTests
{
    [Fact]
    public void Counts_samples_within_tau_whose_nearest_training_image_is_their_own()
    {
        // Given: training images at constant levels -0.8, 0, 0.8 (RMS between neighbours 0.4 on the [0, 1] scale);
        // prompt 0 (own = 1) samples: exact copy, +0.1 shift (RMS 0.05), +0.2 shift (RMS 0.1 > τ);
        // prompt 1 (own = 0) samples: two copies of image 2 (close to a training image, but not its own)
        var training = cat([full([1, 1, 8, 8], -0.8f), full([1, 1, 8, 8], 0f), full([1, 1, 8, 8], 0.8f)], 0);
        var promptZero = cat([full([1, 1, 8, 8], 0f), full([1, 1, 8, 8], 0.1f), full([1, 1, 8, 8], 0.2f)], 0);
        var promptOne = full([2, 1, 8, 8], 0.8f);

        // When
        var result = CopyingScore.Measure([promptZero, promptOne], [1, 0], training);

        // Then
        Assert.Equal(2 / 3.0, result.Prompts[0].CopiedShare, 1e-12);
        Assert.Equal(0.0, result.Prompts[0].MinimumOwnRms, 1e-9);
        Assert.Equal((0 + 0.05 + 0.1) / 3, result.Prompts[0].MeanOwnRms, 1e-6);
        Assert.Equal(0.0, result.Prompts[1].CopiedShare);
        Assert.Equal(0.4, result.Prompts[0].OwnNearestOtherRms, 1e-6);
        Assert.Equal(1, result.PromptsWithCopy);
        Assert.True(result.ThresholdBelowTrainingNeighbours);
    }
}

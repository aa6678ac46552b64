using MemControl.Metrics.Evaluation;
using MemControl.Models.Pipelines;
using MemControl.Tests.Support;

namespace MemControl.Tests.Metrics.Evaluation;

public sealed class MemorizationDetectorTests
{
    [Theory]
    [InlineData(0.5, 3.0)]
    [InlineData(0.95, 4.8)]
    [InlineData(0.25, 2.0)]
    public void The_calibrated_threshold_is_the_linear_quantile_of_the_plain_scores(double quantile, double expected)
    {
        // When
        var threshold = MemorizationDetector.CalibrateThreshold([5, 1, 4, 2, 3], quantile);

        // Then
        Assert.Equal(expected, threshold, 12);
    }

    [Fact]
    public void A_quantile_outside_zero_to_one_is_refused_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => MemorizationDetector.CalibrateThreshold([1, 2], 1.0));
        Assert.Equal("quantile: must lie in (0, 1), got 1", error.Message);
    }

    [Fact]
    public void Each_prompt_gets_the_mean_of_its_generations_scores_and_a_seed_repeats_them()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var detector = new MemorizationDetector(model);
        var options = new DetectionOptions { Steps = 10, FirstSteps = 1, GenerationsPerPrompt = 3 };

        // When
        var scores = detector.Score(["a chest x-ray showing cardiomegaly", "no finding"], options, cancellationToken: TestContext.Current.CancellationToken);
        var again = detector.Score(["a chest x-ray showing cardiomegaly", "no finding"], options with { BatchSize = 2 }, cancellationToken: TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(2, scores.Count);
        Assert.All(scores, s => Assert.Equal(3, s.PerGeneration.Count));
        Assert.All(scores, s => Assert.Equal(s.PerGeneration.Average(), s.Score, 12));
        Assert.All(scores, s => Assert.True(s.Score > 0 && double.IsFinite(s.Score)));
        Assert.Equal(scores[0].Score, again[0].Score, 5);
        Assert.NotEqual(scores[0].Score, scores[1].Score);
    }
}

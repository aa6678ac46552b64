using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

public class OwnVersusOtherScoreTests
{
    private const int Training = 16;
    private const int PromptCount = 8;
    private const int SamplesPerPrompt = 8;

    [Fact]
    public void Ratios_ranks_and_copies_follow_the_definitions_on_given_distances()
    {
        // Given: prompt 0 (own = 1): sample A at [0.4, 0.1, 0.3, 0.5] → r = 0.1/0.3 = 1/3, rank 0/3;
        // sample B at [0.2, 0.4, 0.4, 0.6] → r = 2 (clipped 1), rank (1 nearer + ½ tie)/3 = 0.5.
        // prompt 1 (own = 0): [0.3, 0.2, 0.25, 0.9] → r = 1.5, rank 2/3.
        var prompt0 = new double[,] { { 0.4, 0.1, 0.3, 0.5 }, { 0.2, 0.4, 0.4, 0.6 } };
        var prompt1 = new double[,] { { 0.3, 0.2, 0.25, 0.9 } };

        // When
        var result = OwnVersusOtherScore.FromDistances([prompt0, prompt1], [1, 0], "test");
        var withTau = OwnVersusOtherScore.FromDistances([prompt0, prompt1], [1, 0], "test", new OwnVersusOtherOptions { OwnDistanceThreshold = 0.05 });

        // Then
        var first = result.Prompts[0];
        Assert.Equal(0.25, first.MeanOwnRank, 1e-12);
        Assert.Equal(1 / 3.0, first.MinimumRatio, 1e-12);
        Assert.Equal((1 / 3.0 + 1) / 2, first.MeanClippedRatio, 1e-12);
        Assert.Equal(0.5, first.CopiedShare, 1e-12);
        Assert.Equal(0.1, first.MinimumOwnDistance, 1e-12);
        Assert.Equal(2 / 3.0, result.Prompts[1].MeanOwnRank, 1e-12);
        Assert.Equal(1.5, result.Prompts[1].MinimumRatio, 1e-12);
        Assert.False(result.Prompts[1].Copied);
        Assert.Equal((0.25 + 2 / 3.0) / 2, result.MeanOwnRank.Mean, 1e-12);
        Assert.Equal(0.5, result.CopiedPromptShare.Mean, 1e-12);
        Assert.Equal(1, result.PromptsCopied);
        Assert.Equal(0.0, withTau.Prompts[0].CopiedShare); // own distance 0.1 is not below τ = 0.05
    }

    [Fact]
    public void Models_of_different_quality_that_do_not_copy_score_alike_and_a_copier_stands_out()
    {
        // Given: 16 training images (8 × 8 gray, uniform in [-0.8, 0.8]); the first 8 are memorization prompts' own images.
        // A sharp non-copier makes fresh images of the same distribution (+ noise σ = 0.02); a poor one the same with
        // σ = 0.5 (clamped); a copier its prompt's own image + σ = 0.05.
        var training = Images(Training, new Random(1));
        var sharp = Generations(p => Images(SamplesPerPrompt, new Random(100 + p)), 0.02, 2);
        var poor = Generations(p => Images(SamplesPerPrompt, new Random(100 + p)), 0.5, 3);
        var copier = Generations(p => training.narrow(0, p, 1).expand(SamplesPerPrompt, -1, -1, -1), 0.05, 4);
        int[] own = [.. Enumerable.Range(0, PromptCount)];

        // When
        var sharpScore = OwnVersusOtherScore.Measure(sharp, own, training);
        var poorScore = OwnVersusOtherScore.Measure(poor, own, training);
        var copierScore = OwnVersusOtherScore.Measure(copier, own, training);

        // Then: the two non-copiers differ in quality — the mean pixel RMS to the nearest training image (what nearest-
        // neighbour measures such as AMD rest on) tells them apart —
        var sharpNearest = MeanNearestRms(sharp, training);
        var poorNearest = MeanNearestRms(poor, training);
        Assert.True(poorNearest > sharpNearest + 0.05, $"nearest RMS poor {poorNearest} vs sharp {sharpNearest}");

        // … yet they score alike here: own image ranked at chance (0.5 ± 0.12, 64 generations) and nothing copied;
        Assert.InRange(sharpScore.MeanOwnRank.Mean, 0.38, 0.62);
        Assert.InRange(poorScore.MeanOwnRank.Mean, 0.38, 0.62);
        Assert.InRange(Math.Abs(sharpScore.MeanOwnRank.Mean - poorScore.MeanOwnRank.Mean), 0, 0.15);
        Assert.Equal(0.0, sharpScore.CopiedPromptShare.Mean);
        Assert.Equal(0.0, poorScore.CopiedPromptShare.Mean);

        // … while the copier's own image is always the nearest, every prompt is copied, and the intervals do not overlap.
        Assert.Equal(0.0, copierScore.MeanOwnRank.Mean, 1e-12);
        Assert.Equal(1.0, copierScore.CopiedPromptShare.Mean);
        Assert.Equal(1.0, copierScore.MeanCopiedShare.Mean);
        Assert.True(copierScore.MeanClippedRatio.Upper < 0.5, $"copier ratio {copierScore.MeanClippedRatio}");
        Assert.True(copierScore.MeanOwnRank.Upper < sharpScore.MeanOwnRank.Lower);
        Assert.True(copierScore.MeanOwnRank.Upper < poorScore.MeanOwnRank.Lower);
        Assert.Equal("pixel RMS", copierScore.Distance);
    }

    [Fact]
    public void Feature_space_scoring_sees_a_copier_and_reports_the_own_images_nearest_other()
    {
        // Given: 6 training feature vectors on the axes of 6-d space; prompt 0's generations = e₀ (a copy) and
        // prompt 1's = e₀ too (a copy of another image than its own e₁)
        var training = new FeatureMatrix([.. Enumerable.Range(0, 36).Select(i => i / 6 == i % 6 ? 1f : 0f)], 6, 6);
        var copy = new FeatureMatrix([1, 0, 0, 0, 0, 0, 1, 0.01f, 0, 0, 0, 0], 2, 6);

        // When
        var result = OwnVersusOtherScore.Measure([copy, copy], [0, 1], training);

        // Then: 1 − |cos|: prompt 0 own distance 0 → r = 0; prompt 1's own image is farther than e₀ → not a copy
        Assert.Equal(1.0, result.Prompts[0].CopiedShare);
        Assert.Equal(0.0, result.Prompts[0].MinimumRatio, 1e-6);
        Assert.False(result.Prompts[1].Copied);
        Assert.Equal(1.0, result.Prompts[0].OwnNearestOtherDistance, 1e-6);
        Assert.Equal("feature 1 − |cos|", result.Distance);
    }

    private static List<Tensor> Generations(Func<int, Tensor> baseImages, double sigma, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, PromptCount)
            .Select(p => (baseImages(p) + Noise(SamplesPerPrompt, sigma, random)).clamp(-1, 1))
            .ToList();
    }

    private static Tensor Images(int count, Random random) =>
        tensor(Enumerable.Range(0, count * 64).Select(_ => (float)(random.NextDouble() * 1.6 - 0.8)).ToArray(), [count, 1, 8, 8]);

    private static Tensor Noise(int count, double sigma, Random random) =>
        tensor(Enumerable.Range(0, count * 64)
            .Select(_ => (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))
            .ToArray(), [count, 1, 8, 8]);

    private static double MeanNearestRms(IEnumerable<Tensor> generations, Tensor training)
    {
        var distances = PixelDistance.Rms(cat(generations.ToArray(), 0), training);
        return Enumerable.Range(0, distances.GetLength(0))
            .Average(g => Enumerable.Range(0, distances.GetLength(1)).Min(t => distances[g, t]));
    }
}

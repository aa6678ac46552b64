using MemControl.Metrics.Evaluation;
using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

public sealed class ThresholdCalibrationTests
{
    // Flat gray images of the given [0, 1] levels: the RMS (and every tile's RMS) between two is the difference of levels.
    private static Tensor Flat(params float[] levels) =>
        cat(levels.Select(level => full([1, 1, 8, 8], (2 * level) - 1)).ToArray(), 0);

    [Fact]
    public void Each_threshold_is_the_margin_times_the_quantile_of_nearest_other_distances()
    {
        // Given: nearest-other distances 0.1, 0.1, 0.3 (levels 0, 0.1, 0.4)
        var images = Flat(0f, 0.1f, 0.4f);

        // When
        var thresholds = ThresholdCalibration.FromTrainingImages(images, quantile: 0, margin: 0.5);

        // Then
        Assert.Equal(0.05, thresholds.Copying, 5);
        Assert.Equal(0.05, thresholds.Extraction, 5);
        Assert.Equal([0.1, 0.1, 0.3], thresholds.PixelBaseline.Values.Select(v => Math.Round(v, 5)));
        Assert.Contains("0.5", thresholds.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_never_loosens_the_fixed_thresholds()
    {
        // Given: images far apart (nearest-other 0.5)
        var images = Flat(0f, 0.5f, 1f);

        // When
        var thresholds = ThresholdCalibration.FromTrainingImages(images, margin: 1);

        // Then
        Assert.Equal(CopyingScore.DefaultThreshold, thresholds.Copying);
        Assert.Equal(new ExtractionAttackOptions().Threshold, thresholds.Extraction);
    }

    [Fact]
    public void Probes_restrict_the_distances_to_the_chosen_images()
    {
        // Given: image 2 is far from the others, images 0 and 1 are close
        var images = Flat(0f, 0.02f, 0.6f);

        // When
        var all = ThresholdCalibration.FromTrainingImages(images, quantile: 0, margin: 1);
        var farOnly = ThresholdCalibration.FromTrainingImages(images, probes: [2], quantile: 0, margin: 0.1);

        // Then
        Assert.Equal(0.02, all.Copying, 5);
        Assert.Equal(0.058, farOnly.Copying, 5);
        Assert.Single(farOnly.PixelBaseline.Values);
    }

    [Fact]
    public void The_tiled_threshold_follows_the_most_different_tile()
    {
        // Given: two black images, one with a white quarter tile (a 2 × 2 block of an 8 × 8 image in 4 × 4 tiles)
        var images = full([2, 1, 8, 8], -1f);
        images[1, 0, ..2, ..2] = tensor(1f);

        // When
        var thresholds = ThresholdCalibration.FromTrainingImages(images, quantile: 0, margin: 0.1);

        // Then: whole-image RMS sqrt(4 / 64) = 0.25, largest tile RMS 1
        Assert.Equal(0.025, thresholds.Copying, 5);
        Assert.Equal(0.1, thresholds.Extraction, 5);
    }

    [Fact]
    public void Applying_the_thresholds_replaces_both_in_the_evaluation_settings()
    {
        // Given
        var thresholds = ThresholdCalibration.FromTrainingImages(Flat(0f, 0.1f), quantile: 0, margin: 0.5);
        var options = new EvaluationOptions { Extraction = new ExtractionAttackOptions { MinimumGroupSize = 4 } };

        // When
        var applied = thresholds.ApplyTo(options);

        // Then
        Assert.Equal(0.05, applied.CopyingThreshold, 5);
        Assert.Equal(0.05, applied.Extraction.Threshold, 5);
        Assert.Equal(4, applied.Extraction.MinimumGroupSize);
    }

    [Theory]
    [InlineData(-0.1, 0.5)]
    [InlineData(0.01, 0)]
    [InlineData(0.01, 1.5)]
    public void Out_of_range_settings_are_refused(double quantile, double margin)
    {
        Assert.Throws<ArgumentException>(() => ThresholdCalibration.FromTrainingImages(Flat(0f, 0.1f), quantile: quantile, margin: margin));
    }

    [Fact]
    public void A_single_image_or_a_probe_outside_the_set_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ThresholdCalibration.FromTrainingImages(Flat(0f)));
        Assert.Throws<ArgumentException>(() => ThresholdCalibration.FromTrainingImages(Flat(0f, 0.1f), probes: [2]));
    }
}

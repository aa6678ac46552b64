using MemControl.Data.Images;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Memorization;
using MemControl.Tests.Data.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Data;

/// <summary>
/// The demo's phantoms must let a copy be told from resemblance (docs/demo.md, "Copies that can be told from
/// resemblance"): at its size and count, distinct films lie farther apart than the calibrated copy thresholds and
/// copies lie within them.
/// </summary>
public sealed class PhantomSeparationTests
{
    private const int Count = 480;
    private const int Size = 16;

    private static readonly Lazy<(ImageData[] Images, string[] Subjects, Tensor Pixels)> Demo = new(() =>
    {
        var phantoms = PhantomDataset.Create(new PhantomOptions { Count = Count, Seed = 0 });
        var images = Enumerable.Range(0, Count).Select(i => phantoms.LoadImage(i, Size)).ToArray();
        return (images, phantoms.Items.Select(i => i.Subject).ToArray(), ToTensor(images));
    });

    [Fact]
    public void Phantoms_of_distinct_subjects_are_farther_apart_than_the_calibrated_thresholds()
    {
        // Given
        var (_, subjects, pixels) = Demo.Value;

        // When
        var thresholds = ThresholdCalibration.FromTrainingImages(pixels);
        var rms = PixelDistance.Rms(pixels, pixels);
        var tiled = PixelDistance.MaxTileRms(pixels, pixels);

        // Then: every pair of films of different subjects is beyond both τ, and τ is a real threshold, not a floor
        var closestRms = double.MaxValue;
        var closestTiled = double.MaxValue;
        for (var i = 0; i < Count; i++)
        {
            for (var j = i + 1; j < Count; j++)
            {
                if (subjects[i] != subjects[j])
                {
                    closestRms = Math.Min(closestRms, rms[i, j]);
                    closestTiled = Math.Min(closestTiled, tiled[i, j]);
                }
            }
        }

        Assert.True(closestRms > thresholds.Copying, $"closest distinct films {closestRms:0.000} RMS, copying τ {thresholds.Copying:0.000}");
        Assert.True(closestTiled > thresholds.Extraction, $"closest distinct films {closestTiled:0.000} tile RMS, extraction τ {thresholds.Extraction:0.000}");
        Assert.InRange(thresholds.Copying, 0.05, CopyingScore.DefaultThreshold);
        Assert.InRange(thresholds.Extraction, 0.09, 0.2);
    }

    [Fact]
    public void The_fifth_percentile_of_nearest_other_distances_lies_clearly_above_planted_copies()
    {
        // Given
        var (images, _, pixels) = Demo.Value;
        var random = new Random(1);
        var noisy = ToTensor(images.Select(image => PlantedCopies.WithNoise(image, 0.05, random)).ToArray());
        var blurred = ToTensor(images.Select(PlantedCopies.Blurred).ToArray());

        // When
        var thresholds = ThresholdCalibration.FromTrainingImages(pixels);
        double Own(double[,] distances, double quantile) =>
            new NeighbourBaseline(Enumerable.Range(0, Count).Select(i => distances[i, i]).ToArray(), NeighbourMetric.Euclidean).Quantile(quantile);

        // Then: p5 of the phantoms' nearest-other distance is at least 1.2 × the 95th-percentile copy, in both measures
        var copyRms = Math.Max(Own(PixelDistance.Rms(noisy, pixels), 0.95), Own(PixelDistance.Rms(blurred, pixels), 0.95));
        var copyTiled = Math.Max(Own(PixelDistance.MaxTileRms(noisy, pixels), 0.95), Own(PixelDistance.MaxTileRms(blurred, pixels), 0.95));
        Assert.True(thresholds.PixelBaseline.Quantile(0.05) > 1.2 * copyRms, $"p5 {thresholds.PixelBaseline.Quantile(0.05):0.000} vs copies {copyRms:0.000}");
        Assert.True(thresholds.TileBaseline.Quantile(0.05) > 1.2 * copyTiled, $"p5 {thresholds.TileBaseline.Quantile(0.05):0.000} vs copies {copyTiled:0.000}");
    }

    [Fact]
    public void Planted_copies_are_within_the_calibrated_thresholds_and_nearest_to_their_own_film()
    {
        // Given
        var (images, _, pixels) = Demo.Value;
        var random = new Random(2);
        var noisy = ToTensor(images.Select(image => PlantedCopies.WithNoise(image, 0.05, random)).ToArray());
        var blurred = ToTensor(images.Select(PlantedCopies.Blurred).ToArray());

        // When
        var thresholds = ThresholdCalibration.FromTrainingImages(pixels);

        // Then: noisy copies are all within both τ; 1-px blurred ones mostly, and always nearest to their own film
        double Within(Tensor copies, bool tiles, double threshold)
        {
            var distances = tiles ? PixelDistance.MaxTileRms(copies, pixels) : PixelDistance.Rms(copies, pixels);
            return Enumerable.Range(0, Count).Count(i => distances[i, i] < threshold) / (double)Count;
        }

        Assert.Equal(1.0, Within(noisy, tiles: false, thresholds.Copying));
        Assert.Equal(1.0, Within(noisy, tiles: true, thresholds.Extraction));
        Assert.InRange(Within(blurred, tiles: false, thresholds.Copying), 0.8, 1.0);
        Assert.InRange(Within(blurred, tiles: true, thresholds.Extraction), 0.8, 1.0);
        var toTraining = PixelDistance.Rms(blurred, pixels);
        Assert.All(Enumerable.Range(0, Count), i => Assert.Equal(i, Enumerable.Range(0, Count).MinBy(t => toTraining[i, t])));
    }

    [Fact]
    public void Version_1_phantoms_are_too_alike_for_the_fixed_copying_threshold()
    {
        // Given: the original generator, the one the demo's numbers could not separate
        var phantoms = PhantomDataset.Create(new PhantomOptions { Count = Count, Seed = 0, Version = 1 });
        var pixels = ToTensor(Enumerable.Range(0, Count).Select(i => phantoms.LoadImage(i, Size)).ToArray());

        // When
        var thresholds = ThresholdCalibration.FromTrainingImages(pixels);

        // Then: almost every film has another within 0.075, so a copy and a look-alike cannot be told apart
        Assert.True(thresholds.PixelBaseline.ShareBelow(CopyingScore.DefaultThreshold) > 0.9);
        Assert.True(thresholds.PixelBaseline.Quantile(0.05) < 0.05);
    }

    private static Tensor ToTensor(ImageData[] images)
    {
        var preprocessor = new ImagePreprocessor(Size, 1);
        var values = new float[images.Length * preprocessor.ValuesPerImage];
        for (var i = 0; i < images.Length; i++)
        {
            preprocessor.Prepare(images[i], values.AsSpan(i * preprocessor.ValuesPerImage, preprocessor.ValuesPerImage));
        }

        return tensor(values, [images.Length, 1, Size, Size]);
    }
}

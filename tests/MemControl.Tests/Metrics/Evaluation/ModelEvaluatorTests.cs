using MemControl.Data.Images;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Evaluation;
using MemControl.Metrics.Memorization;
using MemControl.Models.Pipelines;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics.Evaluation;

public sealed class ModelEvaluatorTests
{
    private static readonly EvaluationOptions Tiny = new() { ImagesPerPrompt = 2, SamplesPerMemorizationPrompt = 3, Steps = 2, BatchSize = 4 };

    [Fact]
    public void Every_metric_is_present_and_finite_on_the_tiny_pipeline()
    {
        // Given: 6 training phantoms, 2 held-out prompts, 2 memorization prompts.
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var inputs = new EvaluationInputs(Phantoms(6, seed: 0), Phantoms(2, seed: 1), [0, 3]);
        var stages = new List<string>();

        // When
        var result = new ModelEvaluator(model, new PixelFeatures()).Evaluate(inputs, Tiny, p => stages.Add(p.Stage), TestContext.Current.CancellationToken);

        // Then
        double[] figures =
        [
            result.Quality.FrechetDistance, result.Quality.AverageMinimumDistance, result.Quality.MiFid, result.Replication.Rate,
            result.Replication.Threshold, result.Alignment!.LabelAgreement, result.DenoisingStrength!.HeldOutMean,
            result.DenoisingStrength.MemorizationMean!.Value, result.Memorization!.MeanCopiedShare,
        ];
        Assert.All(figures, f => Assert.True(double.IsFinite(f), $"not finite: {string.Join(", ", figures)}"));
        Assert.Equal("FD-Pixels", result.Quality.FrechetDistanceName);
        Assert.Contains("quantile 0.95", result.Replication.ThresholdSource, StringComparison.Ordinal);
        Assert.Equal(4, result.Generations.Count);
        Assert.Equal(2, result.MemorizationPrompts.Count);
        Assert.Equal(4, result.HeldOutImages!.Count);
        Assert.Equal(16, result.ImageSize);
        Assert.True(result.Generations.Zip(result.Generations.Skip(1)).All(p => p.First.FeatureDistance <= p.Second.FeatureDistance), "worst (closest) first");
        Assert.All(result.Generations, g => Assert.True(g.DenoisingStrength > 0));
        Assert.Contains("generating for held-out prompts", stages);
    }

    [Fact]
    public void The_same_seed_gives_the_same_metrics_and_another_seed_other_images()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var inputs = new EvaluationInputs(new UnlabelledDataset(Phantoms(4, seed: 0)), new UnlabelledDataset(Phantoms(2, seed: 1))); // no alignment classifier to train three times
        var evaluator = new ModelEvaluator(model, new PixelFeatures());

        // When
        var first = evaluator.Evaluate(inputs, Tiny, cancellationToken: TestContext.Current.CancellationToken);
        var again = evaluator.Evaluate(inputs, Tiny with { BatchSize = 3 }, cancellationToken: TestContext.Current.CancellationToken);
        var other = evaluator.Evaluate(inputs, Tiny with { Seed = 1 }, cancellationToken: TestContext.Current.CancellationToken);

        // Then: the starting noise is drawn up front, so even another batch size gives the same images.
        // (Another batch size changes BLAS summation order: equal to float32 rounding, not bit for bit.)
        Assert.Equal(first.Quality.FrechetDistance, again.Quality.FrechetDistance, 1e-6 * first.Quality.FrechetDistance);
        Assert.Equal(first.DenoisingStrength!.HeldOutMean, again.DenoisingStrength!.HeldOutMean, 1e-4 * first.DenoisingStrength.HeldOutMean);
        Assert.Equal(first.HeldOutImages![0].Pixels, again.HeldOutImages![0].Pixels, new ToleranceComparer(1e-4f));
        Assert.NotEqual(first.HeldOutImages[0].Pixels, other.HeldOutImages![0].Pixels, new ToleranceComparer(1e-5f));
    }

    [Fact]
    public void Training_images_scored_as_generations_give_AMD_zero_full_replication_and_copying()
    {
        // Given: the "generations" for held-out prompts are the training images, and each memorization prompt's
        // three samples are its own training image: a model that copies perfectly.
        var training = Phantoms(6, seed: 0);
        var inputs = new EvaluationInputs(training, training, [1, 4]);
        using var pixels = Load(training, Enumerable.Range(0, 6));
        using var heldOut = new GeneratedImages(pixels.clone(), Enumerable.Range(0, 6).ToArray());
        using var memorization = new GeneratedImages(Load(training, [1, 1, 1, 4, 4, 4]), [0, 0, 0, 1, 1, 1]);

        // When
        var result = ModelEvaluator.Score(new PixelFeatures(), inputs, heldOut, memorization, Tiny, cancellationToken: TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(0, result.Quality.AverageMinimumDistance, 6);
        Assert.True(Math.Abs(result.Quality.FrechetDistance) < 1e-3, $"FD {result.Quality.FrechetDistance}");
        Assert.Equal(1.0, result.Replication.Rate);
        Assert.All(result.Generations, g => Assert.Equal(0, g.PixelRms, 6));
        Assert.Equal(1.0, result.Memorization!.MeanCopiedShare);
        Assert.Equal(2, result.Memorization.Extracted);
        Assert.Equal(2, result.Memorization.ExtractedMatchingTraining);
        Assert.Null(result.DenoisingStrength);
    }

    [Fact]
    public void Calibrated_thresholds_replace_the_fixed_ones_in_the_result_and_still_find_perfect_copies()
    {
        // Given: a model that copies perfectly, scored with calibration asked for
        var training = Phantoms(6, seed: 0);
        var inputs = new EvaluationInputs(training, training, [1, 4]);
        using var pixels = Load(training, Enumerable.Range(0, 6));
        using var heldOut = new GeneratedImages(pixels.clone(), Enumerable.Range(0, 6).ToArray());
        using var memorization = new GeneratedImages(Load(training, [1, 1, 1, 4, 4, 4]), [0, 0, 0, 1, 1, 1]);
        var expected = ThresholdCalibration.FromTrainingImages(pixels);

        // When
        var result = ModelEvaluator.Score(new PixelFeatures(), inputs, heldOut, memorization, Tiny with { CalibrateThresholds = true },
            cancellationToken: TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(expected.Copying, result.Memorization!.CopyingThreshold, 9);
        Assert.Equal(expected.Extraction, result.Memorization.ExtractionThreshold, 9);
        Assert.Equal(expected.Extraction, result.Options.Extraction.Threshold, 9);
        Assert.True(result.Memorization.ExtractionThreshold < new ExtractionAttackOptions().Threshold);
        Assert.True(result.Memorization.CopyingThresholdBelowTrainingNeighbours);
        Assert.Equal(1.0, result.Memorization.MeanCopiedShare);
        Assert.Equal(2, result.Memorization.ExtractedMatchingTraining);
    }

    [Fact]
    public void Data_without_finding_labels_reports_alignment_as_not_available()
    {
        // Given
        var training = new UnlabelledDataset(Phantoms(4, seed: 0));
        using var heldOut = new GeneratedImages(Load(training, [0, 1, 2]), [0, 1, 2]);

        // When
        var result = ModelEvaluator.Score(new PixelFeatures(), new EvaluationInputs(training, new UnlabelledDataset(Phantoms(3, seed: 1))), heldOut, null, Tiny, cancellationToken: TestContext.Current.CancellationToken);

        // Then
        Assert.Null(result.Alignment);
        Assert.StartsWith("not available", result.AlignmentNote, StringComparison.Ordinal);
        Assert.Null(result.Memorization);
    }

    private static PhantomDataset Phantoms(int count, int seed) => PhantomDataset.Create(new PhantomOptions { Count = count, Seed = seed });

    /// <summary>Items at 16 px, one channel, in [-1, 1] (what the evaluator compares).</summary>
    private static Tensor Load(MemControl.Data.IImageCaptionDataset dataset, IEnumerable<int> rows)
    {
        var preprocessor = new ImagePreprocessor(16, 1);
        return stack(rows.Select(r => preprocessor.ToTensor(dataset.LoadImage(r, 16))).ToArray());
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}

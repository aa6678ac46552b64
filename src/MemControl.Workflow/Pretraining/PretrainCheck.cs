using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Metrics.Features;
using MemControl.Metrics.Quality;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Workflow.Pretraining;

/// <summary>Sample grid per caption (class) and FD-ResNet18 against held-out images, for a freshly pre-trained model.</summary>
public static class PretrainCheck
{
    public const string SamplesFile = "samples.png";

    private const int SamplesPerCaption = 8;
    private const int Steps = 25;
    private const double Guidance = 3.0;
    private const int Batch = 100;

    public static PretrainCheckResult Run(
        StableDiffusion model,
        IImageCaptionDataset train,
        IImageCaptionDataset heldOut,
        int fdImages,
        int seed,
        string directory,
        Action<string> log,
        CancellationToken cancellationToken)
    {
        var pipeline = TextToImagePipeline.For(model);
        var captions = train.Items.Select(item => item.Caption).Distinct().Order(StringComparer.Ordinal).Take(20).ToList();
        var prompts = captions.SelectMany(caption => Enumerable.Repeat(caption, SamplesPerCaption)).ToList();
        var samples = Generate(pipeline, prompts, seed, cancellationToken);
        File.WriteAllBytes(Path.Combine(directory, SamplesFile), ImageEncoder.Encode(ImageGrid.Compose(samples, SamplesPerCaption), SKEncodedImageFormat.Png));
        log($"samples: {SamplesPerCaption} per caption for {captions.Count} captions → {SamplesFile}");
        if (fdImages == 0 || !ResNet18Featurizer.IsAvailable)
        {
            return new PretrainCheckResult(SamplesFile, 0, null, null, Steps, Guidance);
        }

        var count = Math.Min(fdImages, Math.Min(heldOut.Items.Count, train.Items.Count));
        var heldOutIndices = Pick(heldOut.Items.Count, count, seed);
        var trainIndices = Pick(train.Items.Count, count, seed + 1);
        var generated = Generate(pipeline, heldOutIndices.Select(i => heldOut.Items[i].Caption).ToList(), seed + 2, cancellationToken);
        var size = (model.Unet.Config.SampleSize ?? 64) * model.LatentScale;
        using var extractor = ResNet18Featurizer.Create();
        var generatedFeatures = Features(extractor, generated, size, model.ImageChannels);
        var heldOutFeatures = Features(extractor, heldOutIndices.Select(i => heldOut.LoadImage(i, size)).ToList(), size, model.ImageChannels, fromData: true);
        var trainFeatures = Features(extractor, trainIndices.Select(i => train.LoadImage(i, size)).ToList(), size, model.ImageChannels, fromData: true);
        return new PretrainCheckResult(
            SamplesFile, count, FrechetDistance.Between(heldOutFeatures, generatedFeatures), FrechetDistance.Between(heldOutFeatures, trainFeatures), Steps, Guidance);
    }

    private static List<ImageData> Generate(TextToImagePipeline pipeline, IReadOnlyList<string> prompts, int seed, CancellationToken cancellationToken)
    {
        var images = new List<ImageData>();
        for (var start = 0; start < prompts.Count; start += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = prompts.Skip(start).Take(Batch).ToList();
            using var batch = pipeline.Generate(new GenerationRequest(chunk, Steps: Steps, GuidanceScale: Guidance, Seed: seed + start));
            images.AddRange(ImageBatch.ToImages(batch));
        }

        return images;
    }

    /// <summary>Features of images: generated ones are in [0, 1], dataset ones are already model input in [-1, 1] after the preprocessor.</summary>
    private static FeatureMatrix Features(IImageFeatureExtractor extractor, IReadOnlyList<ImageData> images, int size, int channels, bool fromData = false)
    {
        var preprocessor = new ImagePreprocessor(size, channels);
        using var scope = NewDisposeScope();
        var tensors = images.Select(image => fromData ? preprocessor.ToTensor(image) : torch.tensor(image.Pixels, [image.Channels, image.Height, image.Width]).Times(2).Minus(1)).ToList();
        using var stacked = stack(tensors);
        return extractor.Extract(stacked);
    }

    /// <summary>A seeded random choice of <paramref name="count"/> indices below <paramref name="total"/>, in index order.</summary>
    private static List<int> Pick(int total, int count, int seed)
    {
        var indices = Enumerable.Range(0, total).ToArray();
        new Random(seed).Shuffle(indices);
        return [.. indices.Take(count).Order()];
    }
}

using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Data.Manifests;
using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Workflow.Audit;

/// <summary>
/// Computes the memorization audit of a folder of generated images against a training manifest (docs/decisions.md §8): AMD,
/// replication rate against the train-to-train baseline, each image's nearest training image in feature and pixel
/// space, and the extraction attack's duplicate groups per prompt. Needs no diffusion model.
/// </summary>
public sealed class Auditor(IImageFeatureExtractor extractor, IAuditProgress progress)
{
    /// <summary>Images per call to the feature extractor: bounds memory (a 224² RGB float image is 0.6 MB).</summary>
    private const int FeatureChunk = 16;

    /// <summary>Side at which images are handed to the extractor (it resizes to its own input size).</summary>
    private const int FeatureInputSide = 224;

    /// <summary>Somepalli et al.'s fixed replication threshold, calibrated for SSCD features.</summary>
    private const double SscdThreshold = 0.5;

    /// <summary>Probes of the train-to-train pixel baseline, as NeighbourBaseline's feature-space probes.</summary>
    private const int MaxBaselineProbes = 1000;

    public AuditResult Run(IImageCaptionDataset training, IReadOnlyList<GeneratedImage> generated, AuditOptions options,
        CancellationToken cancellationToken = default)
    {
        if (training.Items.Count < 2)
        {
            throw new InvalidDataException(
                $"{training.Name}: the audit needs at least 2 training images (the baseline compares each with its nearest other one).");
        }

        // Decode everything first: an unreadable generated image stops the audit before any long computation.
        var generatedGray = LoadGray(generated.Count, i => ImageDecoder.DecodeFile(generated[i].Path, options.PixelSize), options.PixelSize, "reading generated images", cancellationToken);
        var trainingGray = LoadGray(training.Items.Count, i => training.LoadImage(i, options.PixelSize), options.PixelSize, "reading training images", cancellationToken);
        var trainingFeatures = Extract(training.Items.Count, i => training.LoadImage(i, FeatureInputSide), "features of training images", cancellationToken);
        var generatedFeatures = Extract(generated.Count, i => ImageDecoder.DecodeFile(generated[i].Path, FeatureInputSide), "features of generated images", cancellationToken);

        progress.Report("nearest neighbours", 0, 1);
        using var cosineSearch = new NearestNeighbourSearch(trainingFeatures, NeighbourMetric.Cosine);
        var baseline = NeighbourBaseline.Of(cosineSearch, trainingFeatures);
        var threshold = options.ReplicationThreshold is { } fixedValue
            ? ReplicationThreshold.Fixed(fixedValue)
            : ReplicationThreshold.FromBaseline(options.BaselineQuantile);
        var replication = ReplicationRate.Measure(generatedFeatures, cosineSearch, baseline, threshold);
        var atSscd = ReplicationRate.Measure(generatedFeatures, cosineSearch, baseline, ReplicationThreshold.Sscd);
        var amd = AverageMinimumDistance.Compute(generatedFeatures, trainingFeatures);

        using var scope = NewDisposeScope();
        var generatedPixels = tensor(generatedGray, [generated.Count, 1, options.PixelSize, options.PixelSize]);
        var trainingPixels = tensor(trainingGray, [training.Items.Count, 1, options.PixelSize, options.PixelSize]);
        var rms = PixelDistance.Rms(generatedPixels, trainingPixels);
        progress.Report("nearest neighbours", 1, 1);

        var images = new List<ImageAudit>(generated.Count);
        for (var g = 0; g < generated.Count; g++)
        {
            var nearest = replication.Nearest[g];
            var pixelNearest = Enumerable.Range(0, training.Items.Count).MinBy(t => rms[g, t]);
            var item = training.Items[nearest.Index];
            images.Add(new ImageAudit(
                generated[g].FileName, generated[g].Prompt, nearest.Index, item.Id, item.Caption, nearest.Value,
                1 - Math.Abs(nearest.Value), nearest.Value > replication.Threshold, rms[g, nearest.Index],
                pixelNearest, training.Items[pixelNearest].Id, rms[g, pixelNearest]));
        }

        // Worst cases first: closest in features, ties broken by pixels (an exact copy is 0 in both).
        var sorted = images.OrderBy(i => i.FeatureDistance).ThenBy(i => i.PixelRms).ThenBy(i => i.File, StringComparer.Ordinal).ToArray();
        var extraction = new ExtractionAttackOptions();
        var pixelBaseline = PixelBaseline(trainingPixels, sorted, extraction);
        var groups = generated.Any(g => g.Prompt is not null)
            ? DuplicateGroups(training, generated, generatedPixels, trainingPixels, extraction)
            : null;

        return new AuditResult(
            training.Name, options.GeneratedFolder, extractor.FeatureSpaceName, training.Items.Count, generated.Count, options.PixelSize, amd,
            new ReplicationSummary(replication.Rate, replication.Threshold, replication.ThresholdSource, replication.BaselineRate,
                atSscd.Rate, atSscd.BaselineRate, baseline.Quantile(0.5), baseline.Quantile(1)),
            pixelBaseline, extraction.Threshold, groups, sorted);
    }

    private float[] LoadGray(int count, Func<int, ImageData> load, int size, string stage, CancellationToken cancellationToken)
    {
        var gray = new ImagePreprocessor(size, 1);
        var values = new float[count * gray.ValuesPerImage];
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Report(stage, i, count);
            gray.Prepare(load(i), values.AsSpan(i * gray.ValuesPerImage, gray.ValuesPerImage));
        }

        progress.Report(stage, count, count);
        return values;
    }

    private FeatureMatrix Extract(int count, Func<int, ImageData> load, string stage, CancellationToken cancellationToken)
    {
        var rgb = new ImagePreprocessor(FeatureInputSide, 3);
        var parts = new List<FeatureMatrix>();
        for (var start = 0; start < count; start += FeatureChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Report(stage, start, count);
            var length = Math.Min(FeatureChunk, count - start);
            var values = new float[length * rgb.ValuesPerImage];
            for (var i = 0; i < length; i++)
            {
                rgb.Prepare(load(start + i), values.AsSpan(i * rgb.ValuesPerImage, rgb.ValuesPerImage));
            }

            using var batch = tensor(values, [length, 3, FeatureInputSide, FeatureInputSide]);
            parts.Add(extractor.Extract(batch));
        }

        progress.Report(stage, count, count);
        return FeatureMatrix.Concatenate(parts);
    }

    private static PixelBaselineSummary PixelBaseline(Tensor trainingPixels, IReadOnlyList<ImageAudit> images, ExtractionAttackOptions extraction)
    {
        var count = (int)trainingPixels.shape[0];
        var probeCount = Math.Min(MaxBaselineProbes, count);
        var probes = Enumerable.Range(0, probeCount).Select(i => (long)i * count / probeCount).ToArray();
        using var probeIndex = tensor(probes);
        using var probeImages = trainingPixels.index_select(0, probeIndex);
        var rms = PixelDistance.Rms(probeImages, trainingPixels);
        var nearestOther = Enumerable.Range(0, probeCount)
            .Select(p => Enumerable.Range(0, count).Where(t => t != probes[p]).Min(t => rms[p, t]))
            .Order()
            .ToArray();
        var minimum = nearestOther[0];

        // The same probes under the extraction attack's tiled distance (ExtractionAttack.TrainingBaseline, probed).
        var tiled = PixelDistance.MaxTileRms(probeImages, trainingPixels, extraction.Tiles);
        var linked = Enumerable.Range(0, probeCount)
            .Count(p => Enumerable.Range(0, count).Where(t => t != probes[p]).Min(t => tiled[p, t]) < extraction.Threshold);
        return new PixelBaselineSummary(probeCount, minimum, nearestOther[probeCount / 2], images.Count(i => i.PixelNearestRms < minimum),
            linked / (double)probeCount);
    }

    private static List<DuplicateGroup> DuplicateGroups(IImageCaptionDataset training, IReadOnlyList<GeneratedImage> generated,
        Tensor generatedPixels, Tensor trainingPixels, ExtractionAttackOptions options)
    {
        var trainingByCaption = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < training.Items.Count; t++)
        {
            trainingByCaption.TryAdd(training.Items[t].Caption, t);
        }

        var groups = new List<DuplicateGroup>();
        var byPrompt = Enumerable.Range(0, generated.Count)
            .Where(g => generated[g].Prompt is not null)
            .GroupBy(g => generated[g].Prompt!, StringComparer.Ordinal)
            .OrderBy(p => p.Key, StringComparer.Ordinal);
        foreach (var prompt in byPrompt)
        {
            var members = prompt.ToArray();
            if (members.Length < 2)
            {
                continue;
            }

            using var index = tensor(members.Select(m => (long)m).ToArray());
            using var generations = generatedPixels.index_select(0, index);
            Tensor? own = trainingByCaption.TryGetValue(prompt.Key, out var t) ? trainingPixels[t].unsqueeze(0) : null;
            var verdict = ExtractionAttack.AttackPrompt(groups.Count, generations, own, options);
            own?.Dispose();
            groups.Add(new DuplicateGroup(prompt.Key, members.Length,
                verdict.LargestGroup.Select(i => generated[members[i]].FileName).ToArray(), verdict.Extracted,
                own is null ? null : verdict.MatchesTrainingImage));
        }

        return groups;
    }
}

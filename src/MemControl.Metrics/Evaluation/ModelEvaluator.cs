using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;
using MemControl.Metrics.Quality;
using MemControl.Metrics.Quality.Alignment;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;
using static TorchSharp.torch;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Evaluates one model (an adapter, if any, already attached or merged by the caller) on held-out prompts: generates
/// with <see cref="EvaluationSampler"/>, then computes every metric of docs/decisions.md §8 (<see cref="Score"/>). Deterministic
/// given <see cref="EvaluationOptions.Seed"/>.
/// <para>
/// Real images (held-out and training) are compared at the generated images' size and channels, so FD and the pixel
/// measures compare like with like. The pixel measures hold the training images in memory at that size.
/// </para>
/// </summary>
public sealed class ModelEvaluator(StableDiffusion model, IImageFeatureExtractor features)
{
    /// <summary>Images per call to the feature extractor (bounds memory at large image sizes).</summary>
    private const int FeatureChunk = 64;

    /// <summary>Probes of the train-to-train baselines (evenly spaced, so deterministic).</summary>
    private const int MaxBaselineProbes = 1000;

    /// <summary>Generates for every held-out prompt (and memorization prompt) and scores the generations.</summary>
    public EvaluationResult Evaluate(EvaluationInputs inputs, EvaluationOptions options, Action<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        inputs.Validate();
        options.Validate();
        var sampler = new EvaluationSampler(model, options.Seed, options.Resolution);
        var heldOutPrompts = inputs.HeldOut.Items.Select(i => i.Caption).ToArray();
        using var heldOut = sampler.Sample(heldOutPrompts, options.ImagesPerPrompt, options.Steps, options.GuidanceScale, options.BatchSize,
            (done, total) => progress?.Invoke(new EvaluationProgress("generating for held-out prompts", done, total)), cancellationToken);
        GeneratedImages? memorization = null;
        try
        {
            if (inputs.MemorizationIndices is { Count: > 0 } indices)
            {
                var prompts = indices.Select(i => inputs.Training.Items[i].Caption).ToArray();
                memorization = sampler.Sample(prompts, options.SamplesPerMemorizationPrompt, options.Steps, options.GuidanceScale, options.BatchSize,
                    (done, total) => progress?.Invoke(new EvaluationProgress("generating for memorization prompts", done, total)), cancellationToken);
            }

            return Score(features, inputs, heldOut, memorization, options, progress, cancellationToken);
        }
        finally
        {
            memorization?.Dispose();
        }
    }

    /// <summary>
    /// Scores given generations: <paramref name="heldOut"/> made for the held-out prompts, <paramref name="memorization"/>
    /// (optional) for the memorization prompts. Any generator's images can be scored this way.
    /// </summary>
    public static EvaluationResult Score(IImageFeatureExtractor features, EvaluationInputs inputs, GeneratedImages heldOut,
        GeneratedImages? memorization, EvaluationOptions options, Action<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(options);
        inputs.Validate();
        options.Validate();
        if (heldOut.Count < 2)
        {
            throw new ArgumentException($"FD needs at least 2 generated images, got {heldOut.Count} (more held-out prompts, or a larger {nameof(EvaluationOptions.ImagesPerPrompt)})");
        }

        if (inputs.MemorizationIndices is { Count: > 0 } && memorization is null)
        {
            throw new ArgumentException("memorization: the inputs name memorization prompts but no samples were given for them");
        }

        var report = (string stage, int done, int total) => progress?.Invoke(new EvaluationProgress(stage, done, total));
        var (channels, size) = ((int)heldOut.Images.shape[1], (int)heldOut.Images.shape[2]);
        using var scope = NewDisposeScope();
        var trainingPixels = LoadPixels(inputs.Training, size, channels, "reading training images", report, cancellationToken);
        var realPixels = LoadPixels(inputs.HeldOut, size, channels, "reading held-out images", report, cancellationToken);

        // 1. Features: FD against the held-out real images, AMD and replication against the training images.
        var trainingFeatures = Extract(features, trainingPixels, "features of training images", report, cancellationToken);
        var realFeatures = Extract(features, realPixels, "features of held-out images", report, cancellationToken);
        var generatedFeatures = Extract(features, heldOut.Images, "features of generated images", report, cancellationToken);
        report("nearest neighbours", 0, 1);
        var quality = FeatureSpaceEvaluation.Evaluate(features.FeatureSpaceName, realFeatures, generatedFeatures, trainingFeatures);
        var kid = KernelInceptionDistance.Between(realFeatures, generatedFeatures, new KernelDistanceOptions { Seed = (int)(options.Seed & int.MaxValue) });
        quality = quality with { KernelDistance = kid.Mean, KernelDistanceStandardDeviation = kid.StandardDeviation };
        using var cosineSearch = new NearestNeighbourSearch(trainingFeatures, NeighbourMetric.Cosine);
        var baseline = NeighbourBaseline.Of(cosineSearch, trainingFeatures, MaxBaselineProbes);
        var threshold = options.ReplicationThreshold is { } fixedValue
            ? ReplicationThreshold.Fixed(fixedValue)
            : ReplicationThreshold.FromBaseline(options.BaselineQuantile);
        var replication = ReplicationRate.Measure(generatedFeatures, cosineSearch, baseline, threshold);
        var atSscd = ReplicationRate.Measure(generatedFeatures, cosineSearch, baseline, ReplicationThreshold.Sscd);
        var replicationFigures = new ReplicationFigures(replication.Rate, replication.Threshold, replication.ThresholdSource, replication.BaselineRate,
            atSscd.Rate, atSscd.BaselineRate, baseline.Quantile(0.5), baseline.Quantile(1));
        var rms = PixelDistance.Rms(heldOut.Images, trainingPixels);
        report("nearest neighbours", 1, 1);

        // 2. Alignment, when the data carries finding flags.
        var (alignment, alignmentNote, perImageAlignment) = Alignment(inputs, trainingPixels, realPixels, heldOut, report);

        // 3. Per generation, worst (closest in features, then in pixels) first.
        var generations = Enumerable.Range(0, heldOut.Count).Select(g =>
        {
            var nearest = replication.Nearest[g];
            var pixelNearest = Enumerable.Range(0, inputs.Training.Items.Count).MinBy(t => rms[g, t]);
            var prompt = heldOut.PromptIndex[g];
            return new GenerationDetail(g, prompt, inputs.HeldOut.Items[prompt].Caption, nearest.Index, inputs.Training.Items[nearest.Index].Id,
                nearest.Value, 1 - nearest.Value, nearest.Value > replication.Threshold, rms[g, nearest.Index], pixelNearest, rms[g, pixelNearest],
                heldOut.DenoisingStrength?[g], perImageAlignment?[g]);
        }).OrderBy(d => d.FeatureDistance).ThenBy(d => d.PixelNearestRms).ThenBy(d => d.Row).ToArray();

        // 4. The memorization set: extraction attack, copying, denoising strength. Calibrated τ first, when asked: on
        // small gray images distinct training images are already within the fixed τ of each other (docs/demo.md,
        // "Copies that can be told from resemblance").
        if (options.CalibrateThresholds && memorization is not null && inputs.MemorizationIndices is { Count: > 0 })
        {
            report("calibrating copy thresholds", 0, 1);
            options = ThresholdCalibration.FromTrainingImages(trainingPixels, tiles: options.Extraction.Tiles,
                fixedCopying: options.CopyingThreshold, fixedExtraction: options.Extraction.Threshold).ApplyTo(options);
            report("calibrating copy thresholds", 1, 1);
        }

        var (memorizationFigures, memorizationPrompts) = memorization is null || inputs.MemorizationIndices is not { Count: > 0 } indices
            ? (null, [])
            : Memorization(inputs.Training, indices, memorization, trainingPixels, options, report);

        DenoisingStrengthFigures? strength = null;
        if (heldOut.DenoisingStrength is { } heldOutStrength)
        {
            var memorizationMean = memorization?.DenoisingStrength?.Average();
            var heldOutMean = heldOutStrength.Average();
            strength = new DenoisingStrengthFigures(heldOutMean, memorizationMean, memorizationMean / heldOutMean);
        }

        return new EvaluationResult(options, inputs.Training.Name, inputs.Training.Items.Count, inputs.HeldOut.Name, inputs.HeldOut.Items.Count,
            size, quality, replicationFigures, alignment, alignmentNote, strength, memorizationFigures, generations, memorizationPrompts)
        {
            HeldOutImages = options.KeepImages ? ToImages(heldOut.Images) : null,
            MemorizationImages = options.KeepImages && memorization is not null ? ToImages(memorization.Images) : null,
        };
    }

    private static (AlignmentFigures?, string, double[]?) Alignment(EvaluationInputs inputs, Tensor trainingPixels, Tensor realPixels,
        GeneratedImages heldOut, Action<string, int, int> report)
    {
        var findings = FindingLabels.Common(inputs.Training, inputs.HeldOut);
        if (findings.Count == 0)
        {
            return (null, "not available: the training and held-out items carry no common 0/1 finding labels", null);
        }

        report("alignment classifier", 0, 1);
        using var scope = NewDisposeScope();
        using var reader = FindingsReader.Train(trainingPixels, FindingLabels.Matrix(inputs.Training.Items, findings));
        var asked = FindingLabels.Matrix(heldOut.PromptIndex.Select(p => inputs.HeldOut.Items[p]).ToArray(), findings);
        var generated = reader.Score(heldOut.Images, asked);
        var real = reader.Score(realPixels, FindingLabels.Matrix(inputs.HeldOut.Items, findings));
        report("alignment classifier", 1, 1);
        return (new AlignmentFigures(findings, generated.LabelAgreement, generated.ExactMatchRate, real.LabelAgreement, reader.FinalLoss),
            $"findings classifier (stand-in for BioViL-T) trained on the {inputs.Training.Items.Count} training images, {findings.Count} findings",
            generated.PerImageAgreement.ToArray());
    }

    private static (MemorizationFigures, IReadOnlyList<MemorizationPromptDetail>) Memorization(IImageCaptionDataset training,
        IReadOnlyList<int> indices, GeneratedImages samples, Tensor trainingPixels, EvaluationOptions options, Action<string, int, int> report)
    {
        using var scope = NewDisposeScope();
        var perPrompt = new List<Tensor>();
        var extractions = new List<PromptExtraction>();
        for (var p = 0; p < indices.Count; p++)
        {
            report("extraction attack and copying", p, indices.Count);
            var rows = samples.RowsOf(p);
            if (rows.Length < options.Extraction.MinimumGroupSize)
            {
                throw new ArgumentException($"memorization prompt {p}: {rows.Length} samples, the extraction attack needs at least {options.Extraction.MinimumGroupSize}");
            }

            var prompt = samples.Images.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
            perPrompt.Add(prompt);
            extractions.Add(ExtractionAttack.AttackPrompt(p, prompt, trainingPixels.narrow(0, indices[p], 1), options.Extraction));
        }

        var copying = CopyingScore.Measure(perPrompt, indices, trainingPixels, options.CopyingThreshold);
        var ownVersusOther = OwnVersusOtherScore.Measure(perPrompt, indices, trainingPixels, new OwnVersusOtherOptions { OwnDistanceThreshold = options.CopyingThreshold });
        report("extraction attack and copying", indices.Count, indices.Count);
        var details = Enumerable.Range(0, indices.Count).Select(p =>
        {
            var c = copying.Prompts[p];
            var strength = samples.DenoisingStrength is { } s ? samples.RowsOf(p).Average(r => s[r]) : (double?)null;
            return new MemorizationPromptDetail(p, training.Items[indices[p]].Caption, indices[p], training.Items[indices[p]].Id,
                extractions[p].Extracted, extractions[p].MatchesTrainingImage, c.CopiedShare, c.MinimumOwnRms, c.OwnNearestOtherRms, strength);
        }).OrderByDescending(d => d.CopiedShare).ThenBy(d => d.MinimumOwnRms).ThenBy(d => d.PromptIndex).ToArray();

        var figures = new MemorizationFigures(indices.Count, (int)perPrompt[0].shape[0], extractions.Count(e => e.Extracted),
            extractions.Count(e => e.MatchesTrainingImage), options.Extraction.Threshold, LinkedShare(trainingPixels, options.Extraction),
            copying.MeanCopiedShare, copying.PromptsWithCopy, copying.Threshold, copying.ThresholdBelowTrainingNeighbours)
        {
            OwnRank = ownVersusOther.MeanOwnRank,
            CopiedPromptShare = ownVersusOther.CopiedPromptShare,
        };
        return (figures, details);
    }

    /// <summary>Share of probed training images within the extraction τ (max-tile RMS) of another training image.</summary>
    private static double LinkedShare(Tensor trainingPixels, ExtractionAttackOptions extraction)
    {
        var count = (int)trainingPixels.shape[0];
        var probeCount = Math.Min(MaxBaselineProbes, count);
        var probes = Enumerable.Range(0, probeCount).Select(i => (long)i * count / probeCount).ToArray();
        using var probeIndex = tensor(probes);
        using var probeImages = trainingPixels.index_select(0, probeIndex);
        var tiled = PixelDistance.MaxTileRms(probeImages, trainingPixels, extraction.Tiles);
        var linked = Enumerable.Range(0, probeCount)
            .Count(p => Enumerable.Range(0, count).Where(t => t != probes[p]).Min(t => tiled[p, t]) < extraction.Threshold);
        return linked / (double)probeCount;
    }

    /// <summary><c>[N, C, H, W]</c> in [-1, 1] → planar images in [0, 1].</summary>
    private static IReadOnlyList<ImageData> ToImages(Tensor images)
    {
        var (count, channels, height, width) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        using var unit = images.detach().to(ScalarType.Float32, CPU).Plus(1).DividedBy(2).ClampedTo(0, 1).contiguous();
        var pixels = unit.data<float>().ToArray();
        var per = channels * height * width;
        return Enumerable.Range(0, count).Select(i => new ImageData(channels, height, width, pixels[(i * per)..((i + 1) * per)])).ToArray();
    }

    /// <summary>A dataset's images at <paramref name="size"/> with <paramref name="channels"/>, in [-1, 1]: <c>[N, C, S, S]</c>.</summary>
    private static Tensor LoadPixels(IImageCaptionDataset dataset, int size, int channels, string stage, Action<string, int, int> report,
        CancellationToken cancellationToken)
    {
        var preprocessor = new ImagePreprocessor(size, channels);
        var count = dataset.Items.Count;
        var values = new float[count * preprocessor.ValuesPerImage];
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i % 64 == 0)
            {
                report(stage, i, count);
            }

            preprocessor.Prepare(dataset, i, values.AsSpan(i * preprocessor.ValuesPerImage, preprocessor.ValuesPerImage));
        }

        report(stage, count, count);
        return tensor(values, [count, channels, size, size]);
    }

    private static FeatureMatrix Extract(IImageFeatureExtractor features, Tensor images, string stage, Action<string, int, int> report,
        CancellationToken cancellationToken)
    {
        var count = (int)images.shape[0];
        var parts = new List<FeatureMatrix>();
        for (var start = 0; start < count; start += FeatureChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            report(stage, start, count);
            using var chunk = images.narrow(0, start, Math.Min(FeatureChunk, count - start));
            parts.Add(features.Extract(chunk));
        }

        report(stage, count, count);
        return FeatureMatrix.Concatenate(parts);
    }
}

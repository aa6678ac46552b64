using MemControl.Metrics.Features;
using MemControl.Metrics.Statistics;
using MemControl.Models.Runtime;
using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Memorization as a preference for the prompt's <i>own</i> training image (docs/memorization-metrics.md,
/// "Own versus other"). For memorization prompt i with training image x_i and generation g:
/// <list type="bullet">
/// <item>ratio r = d(g, x_i) / min_{j≠i} d(g, x_j), and a copy when r &lt; ρ (and optionally d(g, x_i) &lt; τ);</item>
/// <item>own rank u = |{j ≠ i : d(g, x_j) &lt; d(g, x_i)}| / (T − 1), ties counting half.</item>
/// </list>
/// Why: AMD and nearest-neighbour distances fall whenever generations get sharper and more data-like, so between
/// models of different quality they rank quality, not copying (issue 19: AMD ranked the Table-1 rows as FD did,
/// Spearman 0.86–1.0). A generation that is not a copy of x_i is, as far as x_i is concerned, exchangeable with the
/// other training images — whether blurred, noisy or sharp — so u averages 0.5 and r rarely falls below ρ at any
/// quality; a copy of x_i drives u to 0 and r towards 0. The reference images should be the whole training set (more
/// "others" make u finer); a model that copies a <i>different</i> training image is seen by nearest-neighbour measures,
/// not this one. Caption-conditioned resemblance (right findings, right anatomy) also lowers u without copying:
/// score held-out prompts against a reference set that includes their real images as the control.
/// </summary>
public static class OwnVersusOtherScore
{
    /// <summary>Scored by whole-image pixel RMS on the [0, 1] scale (<see cref="PixelDistance.Rms"/>).</summary>
    /// <param name="samplesPerPrompt">Per prompt, its generations <c>[S, C, H, W]</c> in [-1, 1].</param>
    /// <param name="ownTrainingIndex">Per prompt, the row of its own image in <paramref name="trainingImages"/>.</param>
    /// <param name="trainingImages">Reference images <c>[T, C, H, W]</c> in [-1, 1], T ≥ 2 (the training set).</param>
    public static OwnVersusOtherResult Measure(IReadOnlyList<Tensor> samplesPerPrompt, IReadOnlyList<int> ownTrainingIndex,
        Tensor trainingImages, OwnVersusOtherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samplesPerPrompt);
        ArgumentNullException.ThrowIfNull(ownTrainingIndex);
        ArgumentNullException.ThrowIfNull(trainingImages);
        var distances = samplesPerPrompt.Select(samples => PixelDistance.Rms(samples, trainingImages)).ToArray();
        var ownToAll = ownTrainingIndex.Select(own => OwnRow(trainingImages, own)).ToArray();
        return FromDistances(distances, ownTrainingIndex, "pixel RMS", options, ownToAll);
    }

    /// <summary>Scored in a feature space: 1 − cos, 1 − |cos| (AMD's) or Euclidean distance by <paramref name="metric"/>.</summary>
    /// <param name="featuresPerPrompt">Per prompt, its generations' features.</param>
    /// <param name="ownTrainingIndex">Per prompt, the row of its own image in <paramref name="trainingFeatures"/>.</param>
    /// <param name="trainingFeatures">Reference features (the training set), T ≥ 2.</param>
    public static OwnVersusOtherResult Measure(IReadOnlyList<FeatureMatrix> featuresPerPrompt, IReadOnlyList<int> ownTrainingIndex,
        FeatureMatrix trainingFeatures, NeighbourMetric metric = NeighbourMetric.AbsoluteCosine, OwnVersusOtherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(featuresPerPrompt);
        ArgumentNullException.ThrowIfNull(ownTrainingIndex);
        ArgumentNullException.ThrowIfNull(trainingFeatures);
        var distances = featuresPerPrompt.Select(f => FeatureDistances(f, trainingFeatures, metric)).ToArray();
        var trainingToTraining = FeatureDistances(trainingFeatures, trainingFeatures, metric);
        var ownToAll = ownTrainingIndex
            .Select(own => own >= 0 && own < trainingFeatures.Count
                ? Enumerable.Range(0, trainingFeatures.Count).Select(t => trainingToTraining[own, t]).ToArray()
                : [])
            .ToArray();
        var name = metric switch
        {
            NeighbourMetric.Cosine => "feature 1 − cos",
            NeighbourMetric.AbsoluteCosine => "feature 1 − |cos|",
            _ => "feature Euclidean",
        };
        return FromDistances(distances, ownTrainingIndex, name, options, ownToAll);
    }

    /// <summary>
    /// The measure from given distances: <paramref name="distancesPerPrompt"/>[p] is <c>[S, T]</c>, generation s of prompt
    /// p to reference image t (any distance, smaller = nearer).
    /// </summary>
    /// <param name="ownToReference">Optional, per prompt, distances from its own image to every reference image (for <see cref="PromptOwnVersusOther.OwnNearestOtherDistance"/>; NaN-free, else that field is 0).</param>
    public static OwnVersusOtherResult FromDistances(IReadOnlyList<double[,]> distancesPerPrompt, IReadOnlyList<int> ownTrainingIndex,
        string distanceName, OwnVersusOtherOptions? options = null, IReadOnlyList<double[]>? ownToReference = null)
    {
        ArgumentNullException.ThrowIfNull(distancesPerPrompt);
        ArgumentNullException.ThrowIfNull(ownTrainingIndex);
        options ??= new OwnVersusOtherOptions();
        options.Validate();
        if (distancesPerPrompt.Count != ownTrainingIndex.Count || distancesPerPrompt.Count == 0)
        {
            throw new ArgumentException($"{distancesPerPrompt.Count} sample sets for {ownTrainingIndex.Count} own-image indices");
        }

        var prompts = new List<PromptOwnVersusOther>(distancesPerPrompt.Count);
        for (var p = 0; p < distancesPerPrompt.Count; p++)
        {
            prompts.Add(ScorePrompt(p, distancesPerPrompt[p], ownTrainingIndex[p], options, ownToReference?[p]));
        }

        var bootstrap = options.Bootstrap;
        return new OwnVersusOtherResult(
            prompts,
            distanceName,
            options.RatioThreshold,
            options.OwnDistanceThreshold,
            MeanInterval.Bootstrap(prompts.Select(q => q.MeanOwnRank).ToArray(), bootstrap),
            MeanInterval.Bootstrap(prompts.Select(q => q.Copied ? 1.0 : 0.0).ToArray(), bootstrap),
            MeanInterval.Bootstrap(prompts.Select(q => q.CopiedShare).ToArray(), bootstrap),
            MeanInterval.Bootstrap(prompts.Select(q => q.MeanClippedRatio).ToArray(), bootstrap));
    }

    private static PromptOwnVersusOther ScorePrompt(int prompt, double[,] distances, int own, OwnVersusOtherOptions options,
        double[]? ownToReference)
    {
        var samples = distances.GetLength(0);
        var references = distances.GetLength(1);
        if (references < 2)
        {
            throw new ArgumentException($"prompt {prompt}: at least 2 reference images are needed, got {references}");
        }

        if (samples == 0)
        {
            throw new ArgumentException($"prompt {prompt}: no generations to score");
        }

        if (own < 0 || own >= references)
        {
            throw new ArgumentException($"ownTrainingIndex[{prompt}] = {own} is outside 0..{references - 1}");
        }

        double rankSum = 0, clippedRatioSum = 0, minimumRatio = double.PositiveInfinity, minimumOwn = double.PositiveInfinity;
        var copies = 0;
        for (var s = 0; s < samples; s++)
        {
            var ownDistance = distances[s, own];
            double nearestOther = double.PositiveInfinity, nearer = 0;
            for (var t = 0; t < references; t++)
            {
                if (t == own)
                {
                    continue;
                }

                var d = distances[s, t];
                nearestOther = Math.Min(nearestOther, d);
                nearer += d < ownDistance ? 1 : d == ownDistance ? 0.5 : 0;
            }

            // 0 / 0 (a generation equal to two identical training images) is parity, not a copy.
            var ratio = ownDistance == 0 && nearestOther == 0 ? 1 : ownDistance / nearestOther;
            rankSum += nearer / (references - 1);
            clippedRatioSum += Math.Min(ratio, 1);
            minimumRatio = Math.Min(minimumRatio, ratio);
            minimumOwn = Math.Min(minimumOwn, ownDistance);
            if (ratio < options.RatioThreshold && (options.OwnDistanceThreshold is not { } tau || ownDistance < tau))
            {
                copies++;
            }
        }

        var ownNearestOther = ownToReference is { Length: > 0 }
            ? Enumerable.Range(0, ownToReference.Length).Where(t => t != own).Min(t => ownToReference[t])
            : 0;
        return new PromptOwnVersusOther(prompt, own, samples, rankSum / samples, Math.Min(minimumRatio, double.MaxValue),
            clippedRatioSum / samples, copies / (double)samples, minimumOwn, ownNearestOther);
    }

    private static double[] OwnRow(Tensor trainingImages, int own)
    {
        if (own < 0 || own >= trainingImages.shape[0])
        {
            return [];
        }

        using var ownImage = trainingImages.narrow(0, own, 1);
        var row = PixelDistance.Rms(ownImage, trainingImages);
        return Enumerable.Range(0, row.GetLength(1)).Select(t => row[0, t]).ToArray();
    }

    private static double[,] FeatureDistances(FeatureMatrix queries, FeatureMatrix reference, NeighbourMetric metric)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Dimension != reference.Dimension)
        {
            throw new ArgumentException($"feature dimensions differ: {queries.Dimension} and {reference.Dimension}");
        }

        using var scope = NewDisposeScope();
        var a = tensor(queries.Values, [queries.Count, queries.Dimension]).to(ScalarType.Float64);
        var b = tensor(reference.Values, [reference.Count, reference.Dimension]).to(ScalarType.Float64);
        var distances = metric switch
        {
            NeighbourMetric.Euclidean => cdist(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0),
            _ => CosineDistance(a, b, metric == NeighbourMetric.AbsoluteCosine),
        };
        var flat = distances.contiguous().data<double>().ToArray();
        var result = new double[queries.Count, reference.Count];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    private static Tensor CosineDistance(Tensor a, Tensor b, bool absolute)
    {
        // Zero vectors get norm 1 (cos 0), as NearestNeighbourSearch's normalisation.
        var cosine = (a / a.norm(1, true).ClampedBelowAt(1e-12)).matmul((b / b.norm(1, true).ClampedBelowAt(1e-12)).T);
        return (absolute ? cosine.abs() : cosine).SubtractedFrom(1);
    }
}

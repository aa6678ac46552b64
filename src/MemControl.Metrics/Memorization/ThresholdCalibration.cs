using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Copy thresholds set from the training images themselves (docs/memorization-metrics.md, "Thresholds belong to a feature
/// space: calibrate"). A generation within τ of a training image counts as a copy only if distinct training images are
/// not already that close to each other; the CPU prototype found a fixed τ too lax for small gray images
/// (docs/prototype.md: τ must sit below the train-to-train nearest distances). So each τ is a share
/// (<paramref name="margin"/>) of a low quantile of the nearest-other distances in its own measure — whole-image RMS for
/// copying, largest tile RMS for the extraction attack — and never looser than the paper's fixed value.
/// </summary>
public static class ThresholdCalibration
{
    /// <summary>The quantile of nearest-other distances that τ must stay under: 1 % of distinct images may sit closer.</summary>
    public const double DefaultQuantile = 0.01;

    /// <summary>τ as a share of that quantile, leaving room for a generation that copies imperfectly on one side and a close real neighbour on the other.</summary>
    public const double DefaultMargin = 0.8;

    /// <summary>Most training images probed (evenly spaced, so the result is deterministic), as for the replication baseline.</summary>
    public const int DefaultMaxProbes = 1000;

    private const int ProbeBlock = 64;

    /// <summary>
    /// Calibrates the copying τ and the extraction τ on training images <c>[T, C, H, W]</c> in [-1, 1].
    /// </summary>
    /// <param name="probes">Training rows whose nearest-other distances count (e.g. the memorization set); null = up to <see cref="DefaultMaxProbes"/> evenly spaced rows.</param>
    /// <param name="tiles">Tiles per side of the extraction attack's distance.</param>
    /// <param name="quantile">Quantile of the nearest-other distances τ is set under.</param>
    /// <param name="margin">τ = margin × that quantile, in (0, 1].</param>
    /// <param name="fixedCopying">The copying τ used without calibration; the calibrated τ never exceeds it.</param>
    /// <param name="fixedExtraction">The extraction τ used without calibration (the paper's 0.206 when null); never exceeded.</param>
    public static CalibratedThresholds FromTrainingImages(Tensor trainingImages, IReadOnlyList<int>? probes = null, int tiles = 4,
        double quantile = DefaultQuantile, double margin = DefaultMargin, double fixedCopying = CopyingScore.DefaultThreshold,
        double? fixedExtraction = null)
    {
        ArgumentNullException.ThrowIfNull(trainingImages);
        if (trainingImages.dim() != 4 || trainingImages.shape[0] < 2)
        {
            throw new ArgumentException("trainingImages: a nearest *other* image needs at least 2 images [T, C, H, W]", nameof(trainingImages));
        }

        if (quantile is < 0 or > 1 || double.IsNaN(quantile))
        {
            throw new ArgumentException($"quantile: must lie in [0, 1], got {quantile}", nameof(quantile));
        }

        if (margin is <= 0 or > 1 || double.IsNaN(margin))
        {
            throw new ArgumentException($"margin: must lie in (0, 1], got {margin}", nameof(margin));
        }

        var extractionCap = fixedExtraction ?? new ExtractionAttackOptions().Threshold;
        if (fixedCopying <= 0 || extractionCap <= 0)
        {
            throw new ArgumentException("the fixed thresholds must be positive");
        }

        var count = (int)trainingImages.shape[0];
        var rows = probes ?? Enumerable.Range(0, Math.Min(DefaultMaxProbes, count)).Select(i => (int)((long)i * count / Math.Min(DefaultMaxProbes, count))).ToArray();
        if (rows.Count == 0 || rows.Any(r => r < 0 || r >= count))
        {
            throw new ArgumentException($"probes: need at least one row, each in 0..{count - 1}", nameof(probes));
        }

        var (pixel, tiled) = NearestOther(trainingImages, rows, tiles);
        var pixelBaseline = new NeighbourBaseline(pixel, NeighbourMetric.Euclidean);
        var tiledBaseline = new NeighbourBaseline(tiled, NeighbourMetric.Euclidean);
        var copying = Math.Min(fixedCopying, margin * pixelBaseline.Quantile(quantile));
        var extraction = Math.Min(extractionCap, margin * tiledBaseline.Quantile(quantile));
        var source = $"{margin:0.##} × the {quantile * 100:0.#} % quantile of {rows.Count} training images' nearest-other distances, at most the fixed τ";
        return new CalibratedThresholds(copying, extraction, pixelBaseline, tiledBaseline, source);
    }

    /// <summary>Per probe, the whole-image RMS and the largest tile RMS to its nearest other training image; probes go in blocks to bound memory.</summary>
    private static (double[] Pixel, double[] Tiled) NearestOther(Tensor trainingImages, IReadOnlyList<int> rows, int tiles)
    {
        var count = (int)trainingImages.shape[0];
        var pixel = new double[rows.Count];
        var tiled = new double[rows.Count];
        for (var start = 0; start < rows.Count; start += ProbeBlock)
        {
            using var scope = NewDisposeScope();
            var block = rows.Skip(start).Take(ProbeBlock).ToArray();
            var probeImages = trainingImages.index_select(0, tensor(block.Select(r => (long)r).ToArray(), device: trainingImages.device));
            var rms = PixelDistance.Rms(probeImages, trainingImages);
            var tile = PixelDistance.MaxTileRms(probeImages, trainingImages, tiles);
            for (var b = 0; b < block.Length; b++)
            {
                var others = Enumerable.Range(0, count).Where(t => t != block[b]).ToArray();
                pixel[start + b] = others.Min(t => rms[b, t]);
                tiled[start + b] = others.Min(t => tile[b, t]);
            }
        }

        return (pixel, tiled);
    }
}

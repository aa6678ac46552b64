using System.Globalization;
using MemControl.Data.Images;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// Can a copy of a phantom be told from a phantom that merely resembles it? For the embedded phantoms at the demo's sizes
/// it measures each image's distance to its nearest <i>other</i> phantom (whole-image pixel RMS, the copying score's
/// measure, and the largest 4 × 4-tile RMS, the extraction attack's) against the distance of a "planted copy" — the
/// image after the small changes a model that copies would make (Gaussian noise, a 1-px blur) — and against the
/// thresholds: the paper's fixed ones and those <see cref="ThresholdCalibration"/> derives from the phantoms
/// (docs/demo.md, "Copies that can be told from resemblance").
/// Usage: <c>./bench phantom-separation [--count 480] [--subjects N] [--seed 0] [--version V] [--sizes 16,32]</c>.
/// </summary>
public sealed class PhantomSeparationBenchmark : IBenchmark
{
    private static readonly double[] Quantiles = [0, 0.01, 0.05, 0.25, 0.5];

    public string Name => "phantom-separation";

    public string Description => "phantoms' nearest-other distances vs planted copies and the copy thresholds ([--count N] [--version V] [--sizes 16,32])";

    public object Run(IReadOnlyList<string> args)
    {
        var count = IntOption(args, "--count", 480);
        var seed = IntOption(args, "--seed", 0);
        var version = IntOption(args, "--version", PhantomOptions.CurrentVersion);
        var subjects = args.Contains("--subjects") ? IntOption(args, "--subjects", 0) : (int?)null;
        var sizes = Option(args, "--sizes", "16,32").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var options = new PhantomOptions { Count = count, Subjects = subjects, Seed = seed, Version = version };
        var phantoms = PhantomDataset.Create(options);
        var subjectOf = phantoms.Items.Select(i => i.Subject).ToArray();
        var extraction = new ExtractionAttackOptions();

        var runs = sizes.Select(size =>
        {
            using var scope = NewDisposeScope();
            var images = Enumerable.Range(0, count).Select(i => phantoms.LoadImage(i, size)).ToArray();
            var training = ToTensor(images, size);
            var pixel = PixelDistance.Rms(training, training);
            var tiled = PixelDistance.MaxTileRms(training, training, extraction.Tiles);
            var calibrated = ThresholdCalibration.FromTrainingImages(training, tiles: extraction.Tiles);

            var copies = new Dictionary<string, Func<ImageData, Random, ImageData>>
            {
                ["noise sd 0.02"] = (image, random) => PlantedCopy.WithNoise(image, 0.02, random),
                ["noise sd 0.05"] = (image, random) => PlantedCopy.WithNoise(image, 0.05, random),
                ["blur 1 px"] = (image, _) => PlantedCopy.Blurred(image),
                ["blur 1 px + noise sd 0.02"] = (image, random) => PlantedCopy.WithNoise(PlantedCopy.Blurred(image), 0.02, random),
            };
            var planted = copies.ToDictionary(c => c.Key, c =>
            {
                var random = new Random(seed);
                var copied = ToTensor(images.Select(image => c.Value(image, random)).ToArray(), size);
                var copyPixel = PixelDistance.Rms(copied, training);
                var copyTiled = PixelDistance.MaxTileRms(copied, training, extraction.Tiles);
                var ownPixel = Enumerable.Range(0, count).Select(i => copyPixel[i, i]).ToArray();
                var ownTiled = Enumerable.Range(0, count).Select(i => copyTiled[i, i]).ToArray();
                return new
                {
                    pixel_rms = Summary(ownPixel, [0.5, 0.95, 1]),
                    max_tile_rms = Summary(ownTiled, [0.5, 0.95, 1]),
                    nearest_is_own = Enumerable.Range(0, count).Count(i => Enumerable.Range(0, count).MinBy(t => copyPixel[i, t]) == i) / (double)count,
                    within_calibrated_copying = ownPixel.Count(d => d < calibrated.Copying) / (double)count,
                    within_calibrated_extraction = ownTiled.Count(d => d < calibrated.Extraction) / (double)count,
                };
            });

            return new
            {
                size,
                nearest_other = new
                {
                    pixel_rms = Summary(NearestOther(pixel, subjectOf, _ => true), Quantiles),
                    max_tile_rms = Summary(NearestOther(tiled, subjectOf, _ => true), Quantiles),
                    pixel_rms_other_subject = Summary(NearestOther(pixel, subjectOf, same => !same), Quantiles),
                    max_tile_rms_other_subject = Summary(NearestOther(tiled, subjectOf, same => !same), Quantiles),
                    pixel_rms_same_subject = Summary(NearestOther(pixel, subjectOf, same => same), Quantiles),
                    max_tile_rms_same_subject = Summary(NearestOther(tiled, subjectOf, same => same), Quantiles),
                },
                planted_copies = planted,
                thresholds = new
                {
                    copying_fixed = CopyingScore.DefaultThreshold,
                    extraction_fixed = Math.Round(extraction.Threshold, 4),
                    copying_calibrated = Math.Round(calibrated.Copying, 4),
                    extraction_calibrated = Math.Round(calibrated.Extraction, 4),
                    calibration = calibrated.Source,
                    share_of_phantoms_within_fixed_copying = Share(NearestOther(pixel, subjectOf, _ => true), CopyingScore.DefaultThreshold),
                    share_of_phantoms_within_fixed_extraction = Share(NearestOther(tiled, subjectOf, _ => true), extraction.Threshold),
                    share_of_phantoms_within_calibrated_copying = Share(NearestOther(pixel, subjectOf, _ => true), calibrated.Copying),
                    share_of_phantoms_within_calibrated_extraction = Share(NearestOther(tiled, subjectOf, _ => true), calibrated.Extraction),
                },
            };
        }).ToArray();

        return new { benchmark = Name, phantoms = phantoms.Name, count, subjects = options.SubjectCount, seed, version, runs };
    }

    /// <summary>Per image, the smallest distance to another image whose subject passes <paramref name="sameSubject"/>.</summary>
    private static double[] NearestOther(double[,] distances, string[] subjects, Func<bool, bool> sameSubject)
    {
        var count = subjects.Length;
        return Enumerable.Range(0, count)
            .Select(i => Enumerable.Range(0, count).Where(j => j != i && sameSubject(subjects[i] == subjects[j])).Select(j => distances[i, j]).DefaultIfEmpty(double.NaN).Min())
            .Where(double.IsFinite)
            .ToArray();
    }

    private static Dictionary<string, double> Summary(double[] values, double[] quantiles)
    {
        var baseline = new NeighbourBaseline(values, NeighbourMetric.Euclidean);
        return quantiles.ToDictionary(q => q switch { 0 => "min", 1 => "max", 0.5 => "median", _ => $"p{q * 100:0}" }, q => Math.Round(baseline.Quantile(q), 4));
    }

    private static double Share(double[] values, double threshold) => Math.Round(values.Count(v => v < threshold) / (double)values.Length, 4);

    /// <summary>Images in [0, 1] → <c>[N, 1, S, S]</c> in [-1, 1], the evaluator's layout.</summary>
    private static Tensor ToTensor(ImageData[] images, int size)
    {
        var preprocessor = new ImagePreprocessor(size, 1);
        var values = new float[images.Length * preprocessor.ValuesPerImage];
        for (var i = 0; i < images.Length; i++)
        {
            preprocessor.Prepare(images[i], values.AsSpan(i * preprocessor.ValuesPerImage, preprocessor.ValuesPerImage));
        }

        return tensor(values, [images.Length, 1, size, size]);
    }

    // "--name value" among the arguments, or the default; this host has no shared option parser, so each benchmark reads its own.
    private static string Option(IReadOnlyList<string> args, string name, string defaultValue)
    {
        var at = args.ToList().IndexOf(name);
        return at < 0 ? defaultValue : at + 1 < args.Count ? args[at + 1] : throw new ArgumentException($"{name}: expected a value");
    }

    private static int IntOption(IReadOnlyList<string> args, string name, int defaultValue) =>
        int.TryParse(Option(args, name, defaultValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{name}: expected a non-negative whole number");
}

using System.Diagnostics;
using MemControl.Metrics.Features;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// Images per second through the ResNet-18 feature extractor (preprocessing + ONNX Runtime), at batch 1 and 32.
/// Usage: <c>./bench features [--images N] [--threads T]</c> (default 64 images, ONNX Runtime's own thread count).
/// </summary>
public sealed class FeatureBenchmark : IBenchmark
{
    public string Name => "features";

    public string Description => "ResNet-18 feature extraction: images/s at batch 1 and 32 ([--images N] [--threads T])";

    public object Run(IReadOnlyList<string> args)
    {
        var images = IntOption(args, "--images", 64);
        var threads = IntOption(args, "--threads", 0);
        if (!ResNet18Featurizer.IsAvailable)
        {
            throw new ArgumentException($"the ResNet-18 ONNX files are absent under {ResNet18Featurizer.ModelDirectory}");
        }

        var created = Stopwatch.StartNew();
        using var extractor = ResNet18Featurizer.Create(intraOpThreads: threads);
        var sessionSeconds = created.Elapsed.TotalSeconds;

        // Gray 256 × 256 inputs, as chest X-rays reach the metrics (resized to 224 inside).
        using var generator = new Generator(0);
        using var pixels = rand([images, 1, 256, 256], generator: generator) * 2 - 1;
        extractor.Extract(pixels.narrow(0, 0, 2), 2); // warm-up: first-run allocations

        var results = new List<object>();
        foreach (var batchSize in new[] { 1, 32 })
        {
            var watch = Stopwatch.StartNew();
            extractor.Extract(pixels, batchSize);
            var seconds = watch.Elapsed.TotalSeconds;
            results.Add(new { batch_size = batchSize, images, seconds = Math.Round(seconds, 3), images_per_second = Math.Round(images / seconds, 2) });
        }

        return new
        {
            benchmark = Name,
            model = "ResNet18 (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1), 512-d",
            cores = Environment.ProcessorCount,
            intra_op_threads = threads,
            session_create_seconds = Math.Round(sessionSeconds, 3),
            runs = results,
        };
    }

    // "--name value" among the arguments, or the default; this host has no shared option parser, so each benchmark reads its own.
    private static int IntOption(IReadOnlyList<string> args, string name, int defaultValue)
    {
        var at = args.ToList().IndexOf(name);
        if (at < 0)
        {
            return defaultValue;
        }

        return at + 1 < args.Count && int.TryParse(args[at + 1], out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{name}: expected a non-negative whole number");
    }
}

using System.Diagnostics;
using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;

namespace MemControl.Benchmarks;

/// <summary>
/// Queries per second of the exact nearest-neighbour search (top-1 cosine) over 10k and 100k training features of
/// 512-d. Usage: <c>./bench nn [--queries N] [--k K]</c> (default 1000 queries, k = 1).
/// </summary>
public sealed class NearestNeighbourBenchmark : IBenchmark
{
    public string Name => "nn";

    public string Description => "exact NN search: queries/s at 10k and 100k training features of 512-d ([--queries N] [--k K])";

    public object Run(IReadOnlyList<string> args)
    {
        var queryCount = IntOption(args, "--queries", 1000);
        var k = IntOption(args, "--k", 1);
        const int dimension = 512;
        var random = new Random(0);
        var queries = RandomFeatures(queryCount, dimension, random);

        var results = new List<object>();
        foreach (var trainingCount in new[] { 10_000, 100_000 })
        {
            var training = RandomFeatures(trainingCount, dimension, random);
            var built = Stopwatch.StartNew();
            using var search = new NearestNeighbourSearch(training, NeighbourMetric.Cosine);
            var buildSeconds = built.Elapsed.TotalSeconds;
            search.NearestK(RandomFeatures(8, dimension, random), k); // warm-up
            var watch = Stopwatch.StartNew();
            search.NearestK(queries, k);
            var seconds = watch.Elapsed.TotalSeconds;
            results.Add(new
            {
                training = trainingCount,
                queries = queryCount,
                k,
                build_seconds = Math.Round(buildSeconds, 3),
                seconds = Math.Round(seconds, 3),
                queries_per_second = Math.Round(queryCount / seconds, 1),
            });
        }

        return new { benchmark = Name, dimension, metric = "cosine", cores = Environment.ProcessorCount, runs = results };
    }

    private static FeatureMatrix RandomFeatures(int count, int dimension, Random random)
    {
        var values = new float[count * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return new FeatureMatrix(values, count, dimension);
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

using System.Diagnostics;
using System.Globalization;
using MemControl.Search;
using MemControl.Search.Problems;
using MemControl.Search.Samplers.NsgaII;
using MemControl.Storage;

namespace MemControl.Benchmarks;

/// <summary>
/// Time per ask + tell of NSGA-II as a study grows, on one storage: the engine's overhead without an objective.
/// Runs one study up to the largest size and reports the mean over the last --window trials before each size,
/// so a sampler or storage that slows down with the study size shows as a ratio well above 1.
///   ./bench search-overhead [--storage URL] [--sizes 1000,10000] [--window 100] [--problem lotz] [--population 50]
/// </summary>
public sealed class SearchOverheadBenchmark : IBenchmark
{
    public string Name => "search-overhead";

    public string Description => "NSGA-II ask+tell time at growing study sizes (in-memory, SQLite or PostgreSQL storage).";

    public object Run(IReadOnlyList<string> args)
    {
        var storageUrl = BenchmarkArguments.Option(args, "--storage");
        var sizes = (BenchmarkArguments.Option(args, "--sizes") ?? "1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray();
        var window = int.Parse(BenchmarkArguments.Option(args, "--window") ?? "100", CultureInfo.InvariantCulture);
        var problem = BenchmarkProblems.ByName(BenchmarkArguments.Option(args, "--problem") ?? "lotz");
        var population = int.Parse(BenchmarkArguments.Option(args, "--population") ?? "50", CultureInfo.InvariantCulture);
        if (sizes.Any(s => s < window))
        {
            throw new ArgumentException($"--sizes: every size must be at least --window ({window}).");
        }

        var url = StorageUrl.Parse(storageUrl);
        using var storage = StudyStorages.Open(url);
        var study = Study.CreateOrLoad(storage, $"overhead-{Guid.NewGuid():N}", [StudyDirection.Minimize, StudyDirection.Minimize],
            new NsgaIISampler(new NsgaIIOptions { PopulationSize = population, Seed = 1 }));
        var perTrial = new double[sizes[^1]];
        var clock = new Stopwatch();
        var total = Stopwatch.StartNew();
        for (var n = 0; n < sizes[^1]; n++)
        {
            clock.Restart();
            var trial = study.Ask();
            var values = problem.Evaluate(trial); // suggest calls are part of the engine's cost (each writes a parameter)
            study.Tell(trial, values);
            perTrial[n] = clock.Elapsed.TotalMilliseconds;
        }

        var figures = sizes.Select(size => new
        {
            trials_in_study = size,
            ms_per_ask_tell = Math.Round(perTrial[(size - window)..size].Average(), 4),
            ms_per_ask_tell_median = Math.Round(Median(perTrial[(size - window)..size]), 4),
        }).ToList();
        return new
        {
            benchmark = Name,
            storage = url.Display,
            problem = problem.Name,
            population,
            window,
            figures,
            growth_ratio_last_to_first = Math.Round(figures[^1].ms_per_ask_tell / figures[0].ms_per_ask_tell, 3),
            total_seconds = Math.Round(total.Elapsed.TotalSeconds, 2),
        };
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

}

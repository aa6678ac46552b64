using MemControl.Search;
using MemControl.Search.Problems;
using MemControl.Search.Samplers;
using MemControl.Search.Samplers.NsgaII;

namespace MemControl.Cli.Commands.Search;

/// <summary>Turns <see cref="SearchEngineSettings"/> into a sampler, a benchmark objective and worker options.</summary>
public static class SearchEngineFactory
{
    public static readonly StudyDirection[] BenchmarkDirections = [StudyDirection.Minimize, StudyDirection.Minimize];

    public static ISampler Sampler(SearchEngineSettings settings, int workerIndex = 0)
    {
        var seed = settings.Seed + workerIndex;
        return settings.Sampler.ToLowerInvariant() switch
        {
            "random" => new RandomSampler(seed),
            _ => new NsgaIISampler(new NsgaIIOptions
            {
                PopulationSize = settings.Population,
                Seed = seed,
                NumericalCrossover = settings.Crossover.Equals("sbx", StringComparison.OrdinalIgnoreCase) ? new SimulatedBinaryCrossover() : null,
                FloatMutation = settings.Mutation.Equals("polynomial", StringComparison.OrdinalIgnoreCase) ? new PolynomialMutation() : null,
            }),
        };
    }

    /// <summary>The benchmark problem as an objective, taking <c>--delay-ms</c> longer.</summary>
    public static Func<Trial, IReadOnlyList<double>> Objective(SearchEngineSettings settings)
    {
        var problem = BenchmarkProblems.ByName(settings.Problem);
        return trial =>
        {
            var values = problem.Evaluate(trial);
            if (settings.DelayMs > 0)
            {
                Thread.Sleep(settings.DelayMs);
            }

            return values;
        };
    }

    public static OptimizeOptions WorkerOptions(SearchEngineSettings settings, Action<string>? log) => new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(settings.HeartbeatSeconds),
        StaleGrace = TimeSpan.FromSeconds(settings.GraceSeconds),
        IdlePoll = TimeSpan.FromMilliseconds(Math.Clamp(settings.HeartbeatSeconds * 100, 20, 1000)),
        Log = log,
    };
}

using MemControl.Search.Distributions;

namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// Breeds one child from the parent population (optuna's NSGAIIChildGenerationStrategy):
/// 1. with the crossover probability, choose parents by binary tournament and recombine them — bool and
///    categorical genes by uniform crossover, int and float genes by the numerical crossover in search space;
///    otherwise copy a random parent;
/// 2. mutate each gene with the mutation probability (1/n by default): the gene is left out of the proposal, so the
///    sampler draws it afresh (optuna), or — for float genes with a polynomial mutation — it is perturbed.
/// </summary>
public sealed class ChildGeneration(NsgaIIOptions options, Random random)
{
    private readonly UniformCrossover categoricalCrossover = new(options.SwappingProbability);
    private readonly ICrossover numericalCrossover = options.NumericalCrossover ?? new UniformCrossover(options.SwappingProbability);

    public Dictionary<string, double> Generate(
        IReadOnlyDictionary<string, ParameterDistribution> searchSpace,
        IReadOnlyList<FrozenTrial> parents,
        IReadOnlyList<StudyDirection> directions)
    {
        if (searchSpace.Count == 0 || parents.Count == 0)
        {
            return [];
        }

        Dictionary<string, double> child;
        if (random.NextDouble() < options.CrossoverProbability)
        {
            child = Crossover(searchSpace, parents, directions);
        }
        else
        {
            var parent = parents[random.Next(parents.Count)];
            child = searchSpace.Keys.ToDictionary(name => name, name => parent.Params[name]);
        }

        return Mutate(searchSpace, child);
    }

    private Dictionary<string, double> Crossover(
        IReadOnlyDictionary<string, ParameterDistribution> searchSpace, IReadOnlyList<FrozenTrial> population, IReadOnlyList<StudyDirection> directions)
    {
        var parents = ParentTournament.SelectDistinct(population, numericalCrossover.ParentCount, directions, random);
        var child = new Dictionary<string, double>();
        var numerical = new List<string>();
        foreach (var (name, distribution) in searchSpace)
        {
            if (distribution is BoolDistribution or CategoricalDistribution)
            {
                child[name] = categoricalCrossover.Crossover([[parents[0].Params[name]], [parents[1].Params[name]]], [0], [0], random)[0];
            }
            else
            {
                numerical.Add(name);
            }
        }

        if (numerical.Count > 0)
        {
            var low = numerical.Select(n => ToSearchSpace(searchSpace[n], Low(searchSpace[n]))).ToArray();
            var high = numerical.Select(n => ToSearchSpace(searchSpace[n], High(searchSpace[n]))).ToArray();
            var genes = parents.Select(p => numerical.Select(n => ToSearchSpace(searchSpace[n], p.Params[n])).ToArray()).ToList();
            var offspring = numericalCrossover.Crossover(genes, low, high, random);
            for (var g = 0; g < numerical.Count; g++)
            {
                child[numerical[g]] = FromSearchSpace(searchSpace[numerical[g]], offspring[g]);
            }
        }

        return child;
    }

    private Dictionary<string, double> Mutate(IReadOnlyDictionary<string, ParameterDistribution> searchSpace, Dictionary<string, double> child)
    {
        var probability = options.MutationProbability ?? 1.0 / Math.Max(1, child.Count);
        var mutated = new Dictionary<string, double>(child.Count);
        foreach (var (name, value) in child)
        {
            if (random.NextDouble() >= probability)
            {
                mutated[name] = value;
            }
            else if (options.FloatMutation is { } polynomial && searchSpace[name] is FloatDistribution f)
            {
                var y = polynomial.Mutate(f.ToSearchSpace(value), f.ToSearchSpace(f.Low), f.ToSearchSpace(f.High), random);
                mutated[name] = f.FromSearchSpace(y);
            }

            // Otherwise the gene is left out: the sampler resamples it independently (optuna's mutation).
        }

        return mutated;
    }

    private static double Low(ParameterDistribution d) => d switch
    {
        IntDistribution i => i.Low,
        FloatDistribution f => f.Low,
        _ => 0,
    };

    private static double High(ParameterDistribution d) => d switch
    {
        IntDistribution i => i.High,
        FloatDistribution f => f.High,
        _ => 0,
    };

    private static double ToSearchSpace(ParameterDistribution d, double value) =>
        d is FloatDistribution f ? f.ToSearchSpace(value) : value;

    private static double FromSearchSpace(ParameterDistribution d, double value) => d switch
    {
        FloatDistribution f => f.FromSearchSpace(value),
        IntDistribution i => Math.Clamp(Math.Round(value), i.Low, i.High),
        _ => value,
    };
}

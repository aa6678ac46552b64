using MemControl.Search.Pareto;

namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// NSGA-II elite selection (Deb et al. 2002, §III-C; optuna's NSGAIIElitePopulationSelectionStrategy):
/// 1. rank the population by non-domination;
/// 2. take whole fronts, best first, while they fit in the population size;
/// 3. sort the front that does not fit by crowding distance, largest first (ties in random order), and fill the
///    remaining places from it.
/// </summary>
public sealed class EliteSelection(int populationSize)
{
    public int PopulationSize { get; } = populationSize >= 2
        ? populationSize
        : throw new ArgumentException($"{nameof(PopulationSize)}: must be at least 2, got {populationSize}.");

    public IReadOnlyList<FrozenTrial> Select(IReadOnlyList<FrozenTrial> population, IReadOnlyList<StudyDirection> directions, Random random)
    {
        var losses = population.Select(t => (IReadOnlyList<double>)ParetoFront.ToLosses(t.Values!, directions)).ToList();
        var elite = new List<FrozenTrial>(PopulationSize);
        foreach (var front in ParetoFront.NonDominatedFronts(losses))
        {
            if (elite.Count + front.Count <= PopulationSize)
            {
                elite.AddRange(front.Select(i => population[i]));
                if (elite.Count == PopulationSize)
                {
                    break;
                }

                continue;
            }

            var distances = ParetoFront.CrowdingDistances(front.Select(i => losses[i]).ToList());
            var tieBreak = front.Select(_ => random.NextDouble()).ToArray();
            var byCrowding = Enumerable.Range(0, front.Count)
                .OrderByDescending(k => distances[k])
                .ThenBy(k => tieBreak[k])
                .Take(PopulationSize - elite.Count);
            elite.AddRange(byCrowding.Select(k => population[front[k]]));
            break;
        }

        return elite;
    }
}

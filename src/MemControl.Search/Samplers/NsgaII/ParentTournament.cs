using MemControl.Search.Pareto;

namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// Binary tournament on Pareto dominance (optuna samplers/nsgaii/_crossover.py, <c>_select_parent</c>): draw two
/// members of the parent population (with replacement); the first wins if it dominates the second, else the second
/// wins — so when neither dominates, the winner is a uniform draw.
/// </summary>
public static class ParentTournament
{
    public static FrozenTrial Select(IReadOnlyList<FrozenTrial> population, IReadOnlyList<StudyDirection> directions, Random random)
    {
        var a = population[random.Next(population.Count)];
        var b = population[random.Next(population.Count)];
        return ParetoFront.Dominates(ParetoFront.ToLosses(a.Values!, directions), ParetoFront.ToLosses(b.Values!, directions)) ? a : b;
    }

    /// <summary>
    /// <paramref name="count"/> distinct parents, each won by a tournament among those not chosen yet
    /// (optuna's <c>_select_parents</c>).
    /// </summary>
    public static List<FrozenTrial> SelectDistinct(IReadOnlyList<FrozenTrial> population, int count, IReadOnlyList<StudyDirection> directions, Random random)
    {
        var pool = population.ToList();
        var parents = new List<FrozenTrial>(count);
        for (var i = 0; i < count; i++)
        {
            var parent = Select(pool, directions, random);
            parents.Add(parent);
            if (pool.Count > 1)
            {
                pool.Remove(parent);
            }
        }

        return parents;
    }
}

namespace MemControl.Search.Pareto;

/// <summary>
/// Pareto dominance, non-dominated sorting and crowding distance (Deb et al. 2002, NSGA-II §III-A and §III-B;
/// optuna study/_multi_objective.py and samplers/nsgaii/_elite_population_selection_strategy.py).
/// All functions take objective vectors already turned into losses (smaller is better); use
/// <see cref="ToLosses"/> to negate maximised objectives.
/// </summary>
public static class ParetoFront
{
    /// <summary>The values as losses: maximised objectives negated.</summary>
    public static double[] ToLosses(IReadOnlyList<double> values, IReadOnlyList<StudyDirection> directions)
    {
        var losses = new double[values.Count];
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i] = directions[i] == StudyDirection.Maximize ? -values[i] : values[i];
        }

        return losses;
    }

    /// <summary>a dominates b: no worse in every objective and strictly better in at least one.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"objective vectors differ in length ({a.Count} and {b.Count}).");
        }

        var strictlyBetter = false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] > b[i])
            {
                return false;
            }

            strictlyBetter |= a[i] < b[i];
        }

        return strictlyBetter;
    }

    /// <summary>
    /// Rank of each point: 0 for the non-dominated front, 1 for the front once that is removed, and so on
    /// (fast non-dominated sort, Deb et al. 2002, §III-A).
    /// </summary>
    public static int[] NonDominatedRanks(IReadOnlyList<IReadOnlyList<double>> losses)
    {
        var n = losses.Count;
        var dominatedBy = new int[n];          // n_p: how many points dominate p
        var dominates = new List<int>[n];      // S_p: the points p dominates
        for (var p = 0; p < n; p++)
        {
            dominates[p] = [];
        }

        for (var p = 0; p < n; p++)
        {
            for (var q = p + 1; q < n; q++)
            {
                if (Dominates(losses[p], losses[q]))
                {
                    dominates[p].Add(q);
                    dominatedBy[q]++;
                }
                else if (Dominates(losses[q], losses[p]))
                {
                    dominates[q].Add(p);
                    dominatedBy[p]++;
                }
            }
        }

        var ranks = new int[n];
        var front = Enumerable.Range(0, n).Where(p => dominatedBy[p] == 0).ToList();
        for (var rank = 0; front.Count > 0; rank++)
        {
            var next = new List<int>();
            foreach (var p in front)
            {
                ranks[p] = rank;
                foreach (var q in dominates[p])
                {
                    if (--dominatedBy[q] == 0)
                    {
                        next.Add(q);
                    }
                }
            }

            front = next;
        }

        return ranks;
    }

    /// <summary>The points grouped by rank: fronts[0] is the non-dominated front (indices into the input).</summary>
    public static IReadOnlyList<IReadOnlyList<int>> NonDominatedFronts(IReadOnlyList<IReadOnlyList<double>> losses)
    {
        var ranks = NonDominatedRanks(losses);
        var fronts = new List<List<int>>();
        for (var i = 0; i < ranks.Length; i++)
        {
            while (fronts.Count <= ranks[i])
            {
                fronts.Add([]);
            }

            fronts[ranks[i]].Add(i);
        }

        return fronts;
    }

    /// <summary>
    /// Crowding distance of each point within one front (Deb et al. 2002, §III-B): per objective, sort the front;
    /// the two boundary points get +∞; every inner point adds the normalised gap between its neighbours.
    /// Edge cases, as optuna: an objective on which all points are equal adds nothing to anyone (no boundary ∞);
    /// a front of one or two points is all boundary (∞) whenever some objective varies.
    /// </summary>
    public static double[] CrowdingDistances(IReadOnlyList<IReadOnlyList<double>> front)
    {
        var n = front.Count;
        var distances = new double[n];
        if (n == 0)
        {
            return distances;
        }

        var order = new int[n];
        for (var m = 0; m < front[0].Count; m++)
        {
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            var objective = m;
            Array.Sort(order, (a, b) => front[a][objective].CompareTo(front[b][objective]));
            var low = front[order[0]][m];
            var high = front[order[n - 1]][m];
            var width = high - low;
            if (width == 0)
            {
                continue;
            }

            distances[order[0]] = double.PositiveInfinity;
            distances[order[n - 1]] = double.PositiveInfinity;
            if (double.IsInfinity(width))
            {
                continue;
            }

            for (var j = 1; j < n - 1; j++)
            {
                distances[order[j]] += (front[order[j + 1]][m] - front[order[j - 1]][m]) / width;
            }
        }

        return distances;
    }
}

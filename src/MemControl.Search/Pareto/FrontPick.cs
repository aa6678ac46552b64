namespace MemControl.Search.Pareto;

/// <summary>
/// Picks one trial from the Pareto front (docs/decisions.md §7, paper §4.2): the lowest arithmetic mean of the objectives,
/// by default on objectives min–max normalised over the front (scale-free), or on raw values as the paper.
/// </summary>
public static class FrontPick
{
    /// <summary>Scores closer than this to the best are a tie: the rule cannot tell those points apart.</summary>
    public const double TieTolerance = 1e-9;

    /// <summary>Index of the picked point among <paramref name="frontLosses"/> (losses: smaller is better); the first of tied points.</summary>
    public static int Pick(IReadOnlyList<IReadOnlyList<double>> frontLosses, bool normalise = true)
    {
        var scores = Scores(frontLosses, normalise);
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] < scores[best] - TieTolerance)
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Indices of the points whose score ties the pick's. Two points always tie on a two-point front with normalised
    /// objectives (each scores (0 + 1) / 2), so a pick from such a front is decided by order alone.
    /// </summary>
    public static IReadOnlyList<int> Tied(IReadOnlyList<IReadOnlyList<double>> frontLosses, bool normalise = true)
    {
        var scores = Scores(frontLosses, normalise);
        var best = scores[Pick(frontLosses, normalise)];
        return [.. Enumerable.Range(0, scores.Length).Where(i => Math.Abs(scores[i] - best) <= TieTolerance)];
    }

    /// <summary>Each point's mean objective (normalised over the front, or raw).</summary>
    public static double[] Scores(IReadOnlyList<IReadOnlyList<double>> frontLosses, bool normalise = true)
    {
        if (frontLosses.Count == 0)
        {
            throw new ArgumentException("the front is empty: no complete trial to pick from.");
        }

        var objectives = frontLosses[0].Count;
        var low = new double[objectives];
        var high = new double[objectives];
        for (var m = 0; m < objectives; m++)
        {
            low[m] = frontLosses.Min(p => p[m]);
            high[m] = frontLosses.Max(p => p[m]);
        }

        return [.. frontLosses.Select(point =>
        {
            var score = 0.0;
            for (var m = 0; m < objectives; m++)
            {
                // An objective that is constant over the front cannot tell points apart: it counts 0 for all.
                score += !normalise ? point[m] : high[m] > low[m] ? (point[m] - low[m]) / (high[m] - low[m]) : 0.0;
            }

            return score / objectives;
        })];
    }
}

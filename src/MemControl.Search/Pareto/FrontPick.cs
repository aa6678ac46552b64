namespace MemControl.Search.Pareto;

/// <summary>
/// Picks one trial from the Pareto front (docs/decisions.md §7, paper §4.2): the lowest arithmetic mean of the objectives,
/// by default on objectives min–max normalised over the front (scale-free), or on raw values as the paper.
/// </summary>
public static class FrontPick
{
    /// <summary>Index of the picked point among <paramref name="frontLosses"/> (losses: smaller is better).</summary>
    public static int Pick(IReadOnlyList<IReadOnlyList<double>> frontLosses, bool normalise = true)
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

        var best = 0;
        var bestScore = double.PositiveInfinity;
        for (var i = 0; i < frontLosses.Count; i++)
        {
            var score = 0.0;
            for (var m = 0; m < objectives; m++)
            {
                var value = frontLosses[i][m];
                // An objective that is constant over the front cannot tell points apart: it counts 0 for all.
                score += !normalise ? value : high[m] > low[m] ? (value - low[m]) / (high[m] - low[m]) : 0.0;
            }

            if (score / objectives < bestScore)
            {
                bestScore = score / objectives;
                best = i;
            }
        }

        return best;
    }
}

using MemControl.Search.Pareto;

namespace MemControl.Workflow.Search;

/// <summary>
/// The Pareto front of a search (docs/decisions.md §7): the complete trials no other dominates in (memorization, FD), both
/// minimised, and the pick: the lowest mean of the objectives min–max normalised over the front (paper §4.2).
/// With several methods the points of all studies compete (the paper's global front).
/// </summary>
public sealed record SearchFront(IReadOnlyList<SearchPoint> All, IReadOnlyList<SearchPoint> Front, SearchPoint Picked)
{
    /// <summary>The front of <paramref name="points"/>, ordered by memorization; <see cref="InvalidDataException"/> when there is none.</summary>
    public static SearchFront Of(IReadOnlyList<SearchPoint> points, string what)
    {
        if (points.Count == 0)
        {
            throw new InvalidDataException($"{what}: no trial completed, so there is no front (the failed trials' reasons are in the study; `memcontrol search status --storage …` lists them)");
        }

        var losses = points.Select(p => (IReadOnlyList<double>)[p.Memorization, p.Fd]).ToList();
        var ranks = ParetoFront.NonDominatedRanks(losses);
        var front = points.Where((_, i) => ranks[i] == 0).OrderBy(p => p.Memorization).ThenBy(p => p.Fd).ToList();
        var picked = front[FrontPick.Pick(front.Select(p => (IReadOnlyList<double>)[p.Memorization, p.Fd]).ToList())];
        return new SearchFront(points, front, picked);
    }
}

using MemControl.Search.Pareto;

namespace MemControl.Workflow.Search;

/// <summary>
/// The Pareto front of a search (docs/decisions.md §7): the complete trials no other dominates in (memorization, FD), both
/// minimised, and the pick: the lowest mean of the objectives min–max normalised over the front (paper §4.2).
/// With several methods the points of all studies compete (the paper's global front).
/// </summary>
public sealed record SearchFront(IReadOnlyList<SearchPoint> All, IReadOnlyList<SearchPoint> Front, SearchPoint Picked)
{
    /// <summary>
    /// Front points other than the pick whose mean normalised objective equals the pick's: the rule cannot choose
    /// between them, and the pick among them is the lowest memorization score (the front's order). Always non-empty on
    /// a two-point front.
    /// </summary>
    public IReadOnlyList<SearchPoint> Tied { get; init; } = [];

    /// <summary>"" or, when the pick is a tie, a sentence saying so (for logs and reports).</summary>
    public string TieNote => Tied.Count == 0
        ? ""
        : $"a tie: trial{(Tied.Count > 1 ? "s" : "")} {string.Join(", ", Tied.Select(p => p.Trial))} score{(Tied.Count > 1 ? "" : "s")} the same mean normalised objective as trial {Picked.Trial}, which was kept for its lower memorization score; the front cannot choose between them";

    /// <summary>The front of <paramref name="points"/>, ordered by memorization; <see cref="InvalidDataException"/> when there is none.</summary>
    public static SearchFront Of(IReadOnlyList<SearchPoint> points, string what)
    {
        if (points.Count == 0)
        {
            throw new InvalidDataException($"{what}: no trial completed, so there is no front (each failed trial's reason is recorded with it in the study's storage)");
        }

        var losses = points.Select(p => (IReadOnlyList<double>)[p.Memorization, p.Fd]).ToList();
        var ranks = ParetoFront.NonDominatedRanks(losses);
        var front = points.Where((_, i) => ranks[i] == 0).OrderBy(p => p.Memorization).ThenBy(p => p.Fd).ToList();
        var frontLosses = front.Select(p => (IReadOnlyList<double>)[p.Memorization, p.Fd]).ToList();
        var picked = front[FrontPick.Pick(frontLosses)];
        var tied = FrontPick.Tied(frontLosses).Select(i => front[i]).Where(p => p != picked).ToList();
        return new SearchFront(points, front, picked) { Tied = tied };
    }
}

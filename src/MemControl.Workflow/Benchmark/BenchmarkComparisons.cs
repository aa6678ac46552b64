using System.Globalization;
using MemControl.Metrics.Statistics;
using MemControl.Search.Pareto;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The two questions a reader of the benchmark asks about the searched mask, answered in words from the
/// quality–memorization plane (<see cref="QualityMemorizationPlane"/>): does any row, baselines included, beat it on
/// both quality and memorization (the final front); and does it beat full fine-tuning stopped early at the same
/// quality (docs/prototype.md found early-stopped full fine-tuning a strong competitor). With several seeds a
/// difference counts only where the 95 % intervals do not overlap; with one, the sentences say there is no interval.
/// </summary>
public static class BenchmarkComparisons
{
    public static IReadOnlyList<string> Of(IReadOnlyList<BenchmarkRowResult> rows)
    {
        if (QualityMemorizationPlane.Of(rows) is not { } plane)
        {
            return [];
        }

        var sentences = new List<string>();
        var finals = plane.Points.Where(point => point.Final).ToList();
        var frontRanks = ParetoFront.NonDominatedRanks([.. finals.Select(QualityMemorizationPlane.Losses)]);
        var front = finals.Where((_, i) => frontRanks[i] == 0).OrderBy(point => point.Fd).ToList();
        sentences.Add($"Final adapters on the quality–memorization front (FD ↓, {plane.MeasureName}), baselines included: {string.Join(", ", front.Select(point => point.Label))}.");

        if (finals.FirstOrDefault(point => point.Row == BenchmarkRows.SearchedMask) is not { } mask)
        {
            return sentences;
        }

        var dominators = finals.Where(point => ParetoFront.Dominates(QualityMemorizationPlane.Losses(point), QualityMemorizationPlane.Losses(mask))).ToList();
        sentences.Add(dominators.Count == 0
            ? $"{mask.Label} is on that front: no row has both a lower FD and a higher {Short(plane)}."
            : $"{mask.Label} ({Describe(plane, mask)}) is dominated by {string.Join("; ", dominators.Select(point => $"{point.Label} ({Describe(plane, point)}; {Separation(point, mask)})"))}.");

        if (EarlyStopping(plane, mask) is { } early)
        {
            sentences.Add(early);
        }

        return sentences;
    }

    /// <summary>
    /// The searched mask against the earliest Full FT adapter whose FD is at least as good as the mask's ("equal
    /// quality": Full FT improves FD and copies more as it trains, so its earliest adapter at that quality copies least).
    /// </summary>
    private static string? EarlyStopping(QualityMemorizationPlane plane, PlanePoint mask)
    {
        var full = plane.Points.Where(point => point.Row == "full").OrderBy(point => point.Step).ToList();
        if (full.Count == 0)
        {
            return null;
        }

        var measure = Short(plane);
        var question = $"Does {mask.Label} beat early-stopped Full FT at equal quality?";
        if (full.FirstOrDefault(point => point.Fd <= mask.Fd) is not { } stopped)
        {
            var best = full.MinBy(point => point.Fd)!;
            return $"{question} No Full FT adapter{(full.Count > 1 ? $" (steps {string.Join(", ", full.Select(point => point.Step))})" : "")} reaches its FD ({Fd(mask)}; best {best.Name}, {Fd(best)}), "
                + (mask.Memorization >= best.Memorization
                    ? $"and its {measure} is no lower ({Value(mask)} vs {Value(best)}): yes, it is better on both."
                    : $"but its {measure} is lower ({Value(mask)} vs {Value(best)}): it buys quality with memorization, so no.");
        }

        var at = $"{stopped.Name} (FD {Fd(stopped)} vs {Fd(mask)})";
        if (mask.MemorizationInterval is null || stopped.MemorizationInterval is null)
        {
            var verdict = mask.Memorization > stopped.Memorization ? "yes on this seed" : "no on this seed";
            return $"{question} Against {at}: {measure} {Value(mask)} vs {Value(stopped)} — {verdict}; one seed gives no interval, so this is not a finding.";
        }

        var separated = !Overlap(mask.MemorizationInterval, stopped.MemorizationInterval);
        return $"{question} Against {at}: {measure} {Value(mask)} vs {Value(stopped)} — "
            + (!separated
                ? "no: the intervals overlap, so at equal quality the searched mask memorizes no measurably less."
                : mask.Memorization > stopped.Memorization
                    ? "yes: at equal quality it memorizes less, beyond the intervals."
                    : "no: early-stopped Full FT memorizes less at equal quality, beyond the intervals.");
    }

    /// <summary>Which axes of a domination the intervals separate.</summary>
    private static string Separation(PlanePoint better, PlanePoint worse)
    {
        if (better.FdInterval is null || better.MemorizationInterval is null || worse.FdInterval is null || worse.MemorizationInterval is null)
        {
            return "one seed, no interval";
        }

        var fd = !Overlap(better.FdInterval, worse.FdInterval);
        var memorization = !Overlap(better.MemorizationInterval, worse.MemorizationInterval);
        return (fd, memorization) switch
        {
            (true, true) => "separated on both axes",
            (true, false) => "separated on FD only",
            (false, true) => "separated on memorization only",
            _ => "separated on neither axis",
        };
    }

    private static bool Overlap(IntervalEstimate a, IntervalEstimate b) => !(a.Upper < b.Lower || a.Lower > b.Upper);

    private static string Short(QualityMemorizationPlane plane) => plane.MeasureKey == "own_rank" ? "own rank" : "AMD";

    private static string Describe(QualityMemorizationPlane plane, PlanePoint point) => $"FD {Fd(point)}, {Short(plane)} {Value(point)}";

    private static string Fd(PlanePoint point) => point.FdInterval is { } interval ? interval.ToString("0.0") : point.Fd.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Value(PlanePoint point) => point.MemorizationInterval is { } interval ? interval.ToString("0.000") : point.Memorization.ToString("0.000", CultureInfo.InvariantCulture);
}

using MemControl.Metrics.Statistics;
using MemControl.Search.Pareto;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Every evaluated adapter of a benchmark as a point of quality (FD ↓) against memorization, and the front over all
/// (row, step) points (docs/decisions.md §10: points and curves). The memorization axis is the own rank where every
/// drawn row has one — it does not follow quality, while AMD does (docs/memorization-metrics.md) — else AMD.
/// </summary>
/// <param name="MeasureKey">own_rank or amd (<see cref="BenchmarkColumn.Key"/>).</param>
/// <param name="MeasureName">The measure as an axis title names it.</param>
/// <param name="Points">Every final and intermediate adapter with FD and the measure, rows in table order, steps ascending.</param>
/// <param name="Front">The points no other point beats on both axes (lower FD and higher measure), by FD.</param>
public sealed record QualityMemorizationPlane(string MeasureKey, string MeasureName, IReadOnlyList<PlanePoint> Points, IReadOnlyList<PlanePoint> Front)
{
    /// <summary>The plane of <paramref name="rows"/>, or null when no row has FD and a memorization measure.</summary>
    public static QualityMemorizationPlane? Of(IReadOnlyList<BenchmarkRowResult> rows)
    {
        var withFd = rows.Where(row => row.Metrics.Fd is not null).ToList();
        var byOwnRank = withFd.Count > 0 && withFd.All(row => row.Metrics.OwnRank is not null);
        var (key, name, measure) = byOwnRank
            ? ("own_rank", "own rank (higher = less copying)", (Func<RowMetrics, double?>)(m => m.OwnRank))
            : ("amd", "AMD (higher = less memorization)", m => m.Amd);

        var points = new List<PlanePoint>();
        foreach (var row in withFd)
        {
            foreach (var point in row.Curve.OrderBy(point => point.Step))
            {
                if (point.Metrics.Fd is { } fd && measure(point.Metrics) is { } value)
                {
                    points.Add(new PlanePoint(row.Row, row.Label, point.Step, Final: false, fd, value, Interval(point.Intervals, "fd"), Interval(point.Intervals, key)));
                }
            }

            if (measure(row.Metrics) is { } final)
            {
                points.Add(new PlanePoint(row.Row, row.Label, row.Steps, Final: true, row.Metrics.Fd!.Value, final, Interval(row.Intervals, "fd"), Interval(row.Intervals, key)));
            }
        }

        if (points.Count == 0)
        {
            return null;
        }

        var ranks = ParetoFront.NonDominatedRanks([.. points.Select(Losses)]);
        var front = points.Where((_, i) => ranks[i] == 0).OrderBy(point => point.Fd).ToList();
        return new QualityMemorizationPlane(key, name, points, front);
    }

    /// <summary>Both axes as losses: FD, and the measure negated (higher is better).</summary>
    public static IReadOnlyList<double> Losses(PlanePoint point) => [point.Fd, -point.Memorization];

    private static IntervalEstimate? Interval(IReadOnlyDictionary<string, IntervalEstimate>? intervals, string key) =>
        intervals?.GetValueOrDefault(key) is { HalfWidth: not null } interval ? interval : null;
}

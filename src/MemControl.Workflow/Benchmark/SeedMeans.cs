using MemControl.Metrics.Statistics;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The metrics of one evaluated model over several seeds: per column the mean with its 95 % Student-t interval, and
/// the means as one <see cref="RowMetrics"/> (a column counts only where every seed measured it).
/// </summary>
/// <param name="Means">The mean of every column measured in every seed.</param>
/// <param name="Intervals">Per column key (<see cref="BenchmarkColumn.Key"/>), the mean with its interval.</param>
public sealed record SeedMeans(RowMetrics Means, IReadOnlyDictionary<string, IntervalEstimate> Intervals)
{
    public static SeedMeans Of(IReadOnlyList<RowMetrics> perSeed)
    {
        var intervals = new Dictionary<string, IntervalEstimate>(StringComparer.Ordinal);
        foreach (var column in BenchmarkColumn.All)
        {
            var values = perSeed.Select(column.Value).ToList();
            if (values.All(value => value is { } v && double.IsFinite(v)))
            {
                intervals[column.Key] = MeanInterval.StudentT([.. values.Select(value => value!.Value)]);
            }
        }

        double? Mean(string key) => intervals.TryGetValue(key, out var interval) ? interval.Mean : null;
        var means = new RowMetrics(Mean("fd"), Mean("amd"), Mean("alignment"),
            intervals.TryGetValue("extracted", out var extracted) ? (int)Math.Round(extracted.Mean) : null,
            Mean("denoising_strength"), Mean("replication_rate"))
        {
            Kid = Mean("kid"),
            OwnRank = Mean("own_rank"),
        };
        return new SeedMeans(means, intervals);
    }
}

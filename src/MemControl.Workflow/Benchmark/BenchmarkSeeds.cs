using System.Globalization;
using MemControl.Metrics.Statistics;
using MemControl.Training;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The Table-1 benchmark over several seeds: every row trained and evaluated once per seed (into
/// <c>benchmark/seed-K/</c>), then one table of means with 95 % Student-t intervals over the seeds
/// (<c>benchmark/results.json</c>, <c>table.*</c>) and, in words, which differences the intervals separate. One seed's
/// table can flip with the next seed (docs/demo.md); a claim stands only when its intervals separate.
/// </summary>
public static class BenchmarkSeeds
{
    /// <summary>The columns whose differences are stated in words, read against the Full FT row (the paper's reference).</summary>
    private static readonly string[] StatedColumns = ["own_rank", "amd", "fd", "kid"];

    public static BenchmarkResults Run(
        BenchmarkPlan plan,
        IReadOnlyList<BenchmarkRow> rows,
        Action<string> log,
        Action<BenchmarkRow, TrainingProgress>? onStep = null,
        CancellationToken cancellationToken = default,
        int workers = 1)
    {
        if (plan.Seeds is not { Count: > 1 } seeds)
        {
            return BenchmarkWorkflow.Run(Parts(plan)[0], rows, log, onStep, cancellationToken, workers);
        }

        var perSeed = new List<BenchmarkResults>();
        foreach (var seed in seeds)
        {
            log($"seed {seed} ({perSeed.Count + 1} of {seeds.Count})");
            perSeed.Add(BenchmarkWorkflow.Run(ForSeed(plan, seed), rows, log, onStep, cancellationToken, workers));
        }

        var results = Aggregate(plan, seeds, perSeed);
        BenchmarkOutputs.Write(plan.BenchmarkFolder, results);
        return results;
    }

    /// <summary>
    /// The plans whose rows <see cref="Run"/> trains: the plan itself at its one seed, or one part per seed. A Slurm
    /// submission runs the rows of these same plans, so that <see cref="Run"/> afterwards finds them finished.
    /// </summary>
    public static IReadOnlyList<BenchmarkPlan> Parts(BenchmarkPlan plan)
    {
        if (plan.Seeds is not { Count: > 1 } seeds)
        {
            var seed = plan.Seeds is [var only] ? only : plan.Seed;
            return [plan with { Seed = seed, Evaluation = plan.Evaluation with { Seed = seed } }];
        }

        return seeds.Select(seed => ForSeed(plan, seed)).ToList();
    }

    /// <summary>One seed's part: its own rows folder, the same run data (splits and memorization set) as every seed.</summary>
    public static BenchmarkPlan ForSeed(BenchmarkPlan plan, int seed) =>
        plan with { Seed = seed, Seeds = null, Part = $"seed-{seed}", Evaluation = plan.Evaluation with { Seed = seed } };

    /// <summary>Rows finished in every seed, each with the mean of every column and its interval over the seeds.</summary>
    public static BenchmarkResults Aggregate(BenchmarkPlan plan, IReadOnlyList<int> seeds, IReadOnlyList<BenchmarkResults> perSeed)
    {
        var ids = perSeed[0].Rows.Select(row => row.Row).Where(id => perSeed.All(results => results.Rows.Any(row => row.Row == id))).ToList();
        var rows = ids.Select(id =>
        {
            var runs = perSeed.Select(results => results.Rows.Single(row => row.Row == id)).ToList();
            var (means, intervals) = SeedMeans.Of([.. runs.Select(run => run.Metrics)]);
            var first = runs[0];
            return first with
            {
                Metrics = means,
                FinalLoss = runs.All(run => run.FinalLoss is not null) ? runs.Average(run => run.FinalLoss!.Value) : null,
                TrainSeconds = runs.Sum(run => run.TrainSeconds),
                EvaluateSeconds = runs.Sum(run => run.EvaluateSeconds),
                Curve = Curve(runs),
                Intervals = intervals,
                PerSeed = [.. runs.Select(run => run.Metrics)],
            };
        }).ToList();

        return BenchmarkOutputs.Results(plan, rows) with { Seeds = seeds, Findings = Findings(rows) };
    }

    /// <summary>The curve points at the steps every seed evaluated, each with its means and intervals over the seeds.</summary>
    private static IReadOnlyList<CurvePoint> Curve(IReadOnlyList<BenchmarkRowResult> runs) =>
        runs[0].Curve.Select(point => point.Step)
            .Where(step => runs.All(run => run.Curve.Any(point => point.Step == step)))
            .Select(step =>
            {
                var (means, intervals) = SeedMeans.Of([.. runs.Select(run => run.Curve.First(point => point.Step == step).Metrics)]);
                return new CurvePoint(step, means) { Intervals = intervals };
            })
            .ToList();

    /// <summary>
    /// Per stated column, which rows differ from Full FT by more than both 95 % intervals (the intervals do not
    /// overlap) and which do not — so the table's ordering is read only where it holds.
    /// </summary>
    public static IReadOnlyList<string> Findings(IReadOnlyList<BenchmarkRowResult> rows)
    {
        var reference = rows.FirstOrDefault(row => row.Row == "full");
        if (reference?.Intervals is null)
        {
            return ["No Full FT row: the rows' differences are not stated (read the intervals in the table)."];
        }

        var findings = new List<string>();
        foreach (var column in BenchmarkColumn.All.Where(column => StatedColumns.Contains(column.Key)))
        {
            if (!reference.Intervals.TryGetValue(column.Key, out var against))
            {
                continue;
            }

            var separated = new List<string>();
            var not = new List<string>();
            foreach (var row in rows.Where(row => row.Row != reference.Row))
            {
                if (row.Intervals?.GetValueOrDefault(column.Key) is not { } interval)
                {
                    continue;
                }

                var text = $"{row.Label} {Show(column, interval)}";
                if (interval.Upper < against.Lower || interval.Lower > against.Upper)
                {
                    var better = column.LowerIsBetter ? interval.Mean < against.Mean : interval.Mean > against.Mean;
                    separated.Add($"{text} ({(better ? "better" : "worse")})");
                }
                else
                {
                    not.Add(text);
                }
            }

            var header = $"{column.Header} against Full FT {Show(column, against)}";
            findings.Add($"{header}: separated — {(separated.Count == 0 ? "none" : string.Join("; ", separated))}; not separated — {(not.Count == 0 ? "none" : string.Join("; ", not))}.");
        }

        return findings;
    }

    private static string Show(BenchmarkColumn column, IntervalEstimate interval) =>
        interval.HalfWidth is { } h ? $"{column.Display(interval.Mean)} ± {column.Display(h)}" : column.Display(interval.Mean);
}

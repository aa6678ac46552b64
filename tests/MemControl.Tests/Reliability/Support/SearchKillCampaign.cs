using System.Diagnostics;
using System.Globalization;
using MemControl.Search;
using MemControl.Search.Storage;
using MemControl.Storage;

namespace MemControl.Tests.Reliability.Support;

/// <summary>
/// SIGKILLs a search process again and again at seeded random moments and restarts it on the same storage, then lets
/// it finish. Checks, over the whole campaign: every trial that was COMPLETE at any kill is still COMPLETE with the
/// same values at the end (lost = 0); every trial RUNNING at a kill ends FAILED (stale heartbeat) with its parameters
/// re-queued; the study ends with exactly its budget of complete trials. Half of the kills come while the objective
/// runs (it sleeps <see cref="EvaluationDelayMs"/>), half with an instant objective, where the process spends its time
/// in storage transactions and sampling.
/// </summary>
public sealed class SearchKillCampaign(string storageUrl, int kills, int seed)
{
    public const int EvaluationDelayMs = 150;
    private const string StudyName = "kill-campaign";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The search process this campaign kills: the one place that names its command line. Today the benchmark
    /// objective of `search worker` (ZDT1); a fine-tuning search plugs in here.
    /// </summary>
    public static IReadOnlyList<string> SearchCommandLine(string storageUrl, int trials, int delayMs) =>
    [
        "search", "worker", "--storage", storageUrl, "--study", StudyName, "--problem", "zdt1", "--population", "8",
        "--trials", trials.ToString(CultureInfo.InvariantCulture), "--delay-ms", delayMs.ToString(CultureInfo.InvariantCulture),
        "--heartbeat-s", "0.2", "--grace-s", Grace.TotalSeconds.ToString(CultureInfo.InvariantCulture),
    ];

    public KillFigures Run()
    {
        var random = new Random(seed);
        var trials = 3 * kills + 8;
        var completeAtKills = new Dictionary<int, IReadOnlyList<double>>();
        var runningAtKills = new HashSet<int>();
        var resumeSeconds = new List<double>();
        var killsDuringEvaluation = 0;
        var killedWhileRunning = 0;
        using var storage = StudyStorages.Open(storageUrl);

        for (var kill = 0; kill < kills; kill++)
        {
            var duringEvaluation = random.Next(2) == 0;
            var delay = duringEvaluation ? EvaluationDelayMs : 0;
            var before = Snapshot(storage).Count(t => t.State == TrialState.Complete);
            using var search = CliProcess.Start(SearchCommandLine(storageUrl, trials, delay));

            // The first kill waits for the study to exist; later ones for the rerun's first new complete trial,
            // which is also the time to resume (process start, reaping the dead trial after the grace, one trial).
            var progressed = WaitUntil(() => Snapshot(storage).Count(t => t.State == TrialState.Complete) > before, search, TimeSpan.FromSeconds(90));
            if (kill > 0)
            {
                resumeSeconds.Add(progressed.TotalSeconds);
            }

            Thread.Sleep(random.Next(0, delay + 40));
            search.Kill();
            killsDuringEvaluation += duringEvaluation ? 1 : 0;

            foreach (var trial in Snapshot(storage))
            {
                if (trial.State == TrialState.Complete)
                {
                    completeAtKills.TryAdd(trial.Number, trial.Values!);
                }
                else if (trial.State == TrialState.Running && runningAtKills.Add(trial.Number))
                {
                    killedWhileRunning++;
                }
            }
        }

        var last = Stopwatch.StartNew();
        var (exitCode, output) = CliProcess.Run(SearchCommandLine(storageUrl, trials, 0), TimeSpan.FromMinutes(3));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"the final search run failed with exit code {exitCode}:\n{output}");
        }

        var end = Snapshot(storage);
        var byNumber = end.ToDictionary(t => t.Number);
        var lost = completeAtKills.Where(kv => !byNumber.TryGetValue(kv.Key, out var now)
            || now.State != TrialState.Complete || !now.Values!.SequenceEqual(kv.Value)).Select(kv => kv.Key).ToList();
        var notRequeued = runningAtKills.Where(n =>
            byNumber[n].State != TrialState.Failed
            || !byNumber[n].FailReason!.StartsWith("stale heartbeat", StringComparison.Ordinal)
            || (!end.Any(t => t.SystemAttributeInt(RetryAttributes.RetryOf) == n)
                && (byNumber[n].SystemAttributeInt(RetryAttributes.RetryCount) ?? 0) < new OptimizeOptions().MaxRetries)).ToList();

        return new KillFigures(
            kills,
            killsDuringEvaluation,
            killedWhileRunning,
            completeAtKills.Count,
            lost,
            notRequeued,
            end.Count(t => t.State == TrialState.Complete),
            trials,
            end.Count(t => t.State is TrialState.Running or TrialState.Waiting),
            resumeSeconds,
            last.Elapsed.TotalSeconds);
    }

    private static IReadOnlyList<FrozenTrial> Snapshot(IStudyStorage storage) =>
        storage.FindStudy(StudyName) is { } study ? storage.GetTrials(study.StudyId) : [];

    private static TimeSpan WaitUntil(Func<bool> condition, CliProcess process, TimeSpan timeout)
    {
        while (!condition())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the search process exited ({process.ExitCode}) before it made progress:\n{process.Output}");
            }

            if (process.Started.Elapsed > timeout)
            {
                throw new TimeoutException($"the search process made no progress in {timeout}:\n{process.Output}");
            }

            Thread.Sleep(10);
        }

        return process.Started.Elapsed;
    }
}

using System.Diagnostics;
using System.Globalization;
using MemControl.Search;
using MemControl.Search.Storage;
using MemControl.Storage;
using MemControl.Tests.Cluster.Support;
using MemControl.Tests.Reliability.Support;
using MemControl.Workflow.Cluster;

namespace MemControl.Tests.Cluster;

/// <summary>
/// <c>search submit</c> on a real (one-node) Slurm with a throwaway PostgreSQL: a 3-task array of ZDT1 workers, one
/// task killed by <c>scancel --signal=KILL</c> while it holds a trial (as if its node died), the search resubmitted,
/// and the study checked when every task has ended.
/// </summary>
[Trait("Category", "Slurm")]
public sealed class SlurmArrayTests(ITestOutputHelper output) : IDisposable
{
    private const int Trials = 300;
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-slurm-array-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_search_array_with_a_task_killed_mid_trial_and_resubmitted_completes_its_study_with_no_trial_lost_or_counted_twice()
    {
        // Given: a 3-task array on PostgreSQL
        var cluster = SlurmCluster.Instance;
        if (cluster.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var clock = Stopwatch.StartNew();
        var url = TestPostgres.Url();
        var run = Path.Combine(folder, "run");
        var first = Submit(url, run);
        using var storage = StudyStorages.Open(url);
        var workers = new Dictionary<int, string>();
        WaitFor(() => (workers = Workers(first)).Count == 3, "the first array's 3 workers to start");
        WaitFor(() => Snapshot(storage).Count(t => t.State == TrialState.Complete) >= 30
            && Snapshot(storage).Any(t => t.State == TrialState.Running && t.Worker == workers[1]), "30 complete trials while task 1 holds one");

        // When: task 1 dies mid-trial, and the search is submitted again
        SlurmCluster.Run("scancel", ["--signal=KILL", "--full", $"{first}_1"]);
        WaitFor(() => !SlurmCluster.Tasks(first).ContainsKey($"{first}_1"), "task 1 to leave the queue");
        // The trials it died holding, read once it is gone (scancel returns before the signal lands, so a trial read
        // as running just after it may still complete); the others' heartbeat check may have failed them already.
        var killed = Snapshot(storage)
            .Where(t => t.Worker == workers[1]
                && (t.State == TrialState.Running || (t.State == TrialState.Failed && (t.FailReason ?? "").StartsWith("stale heartbeat", StringComparison.Ordinal))))
            .Select(t => t.Number)
            .ToList();
        var (statusCode, status) = CliProcess.Run(["search", "status", "--storage", url, "--out", run, "--json"], TimeSpan.FromMinutes(1));
        var second = Submit(url, run);
        WaitFor(() => SlurmCluster.Tasks(first).Count + SlurmCluster.Tasks(second).Count == 0, "both arrays to end", TimeSpan.FromMinutes(4));

        // Then
        var end = Snapshot(storage);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s; arrays {first}, {second}; killed trial(s) {string.Join(", ", killed)}; "
            + $"{end.Count} trials: {end.Count(t => t.State == TrialState.Complete)} complete, {end.Count(t => t.State == TrialState.Failed)} failed");
        Assert.Equal(0, statusCode);
        Assert.Contains($"\"{first}_0\"", status, StringComparison.Ordinal);
        Assert.NotEmpty(killed);
        Assert.Equal(Trials, end.Count(t => t.State == TrialState.Complete));
        Assert.DoesNotContain(end, t => t.State is TrialState.Running or TrialState.Waiting);
        foreach (var number in killed)
        {
            var trial = end.Single(t => t.Number == number);
            Assert.Equal(TrialState.Failed, trial.State);
            Assert.StartsWith("stale heartbeat", trial.FailReason, StringComparison.Ordinal);
            Assert.Single(end, t => t.State == TrialState.Complete && t.SystemAttributeInt(RetryAttributes.RetryOf) == number);
        }

        var retried = end.Where(t => t.State == TrialState.Complete).Select(t => t.SystemAttributeInt(RetryAttributes.RetryOf)).OfType<int>().ToList();
        Assert.Equal(retried.Count, retried.Distinct().Count());
        Assert.Contains(end, t => t.State == TrialState.Complete && !workers.Values.Contains(t.Worker));
        Assert.Equal([first, second], SlurmJobs.Load(Path.Combine(run, "slurm")).Jobs.Select(j => j.JobId));
    }

    private static string Submit(string url, string run)
    {
        var before = SlurmJobs.Load(Path.Combine(run, "slurm")).Jobs.Count;
        var (exitCode, text) = CliProcess.Run(
        [
            "search", "submit", "--problem", "zdt1", "--workers", "3", "--storage", url, "--out", run, "--trials", Trials.ToString(CultureInfo.InvariantCulture),
            "--population", "20", "--delay-ms", "150", "--heartbeat-s", "0.5", "--grace-s", "3", "--time", "00:10:00",
        ], TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"search submit failed ({exitCode}):\n{text}");
        var jobs = SlurmJobs.Load(Path.Combine(run, "slurm")).Jobs;
        Assert.Equal(before + 1, jobs.Count);
        return jobs[^1].JobId;
    }

    private static IReadOnlyList<FrozenTrial> Snapshot(IStudyStorage storage) =>
        storage.FindStudy("zdt1-nsga2") is { } study ? storage.GetTrials(study.StudyId) : [];

    /// <summary>The study's worker name ("host:pid") of each running task of an array, from the workers' environments in /proc.</summary>
    private static Dictionary<int, string> Workers(string jobId)
    {
        var found = new Dictionary<int, string>();
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                var command = File.ReadAllText(Path.Combine(process, "cmdline")).Split('\0');
                var environment = File.ReadAllText(Path.Combine(process, "environ")).Split('\0');
                if (command.Any(a => a.EndsWith("memcontrol.dll", StringComparison.Ordinal)) && command.Contains("worker")
                    && environment.Contains($"SLURM_ARRAY_JOB_ID={jobId}")
                    && environment.FirstOrDefault(e => e.StartsWith("SLURM_ARRAY_TASK_ID=", StringComparison.Ordinal)) is { } task)
                {
                    found[int.Parse(task["SLURM_ARRAY_TASK_ID=".Length..], CultureInfo.InvariantCulture)] = $"{Environment.MachineName}:{Path.GetFileName(process)}";
                }
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return found;
    }

    private static void WaitFor(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromMinutes(2)))
        {
            if (condition())
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"waited {clock.Elapsed.TotalSeconds:F0} s for {what}");
    }
}

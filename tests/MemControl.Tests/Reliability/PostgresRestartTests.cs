using System.Diagnostics;
using System.Globalization;
using MemControl.Search;
using MemControl.Storage;
using MemControl.Tests.Reliability.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// PostgreSQL restarted twice under eight running `search worker` processes: the workers retry with back-off and
/// go on, the study ends with exactly its budget of complete trials, and no trial is evaluated twice.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Workers = 8;
    private const int Trials = 120;

    [Fact]
    [Trait("Category", "Slow")]
    public void Eight_workers_ride_out_two_restarts_of_the_server_and_complete_exactly_the_budget()
    {
        // Given: eight workers on one study
        var server = TestPostgres.Server;
        var url = server.CreateDatabase();
        StudyStorages.Open(url).Dispose();
        var workers = Enumerable.Range(0, Workers).Select(i => CliProcess.Start(
        [
            "search", "worker", "--storage", url, "--study", "restart", "--problem", "zdt1", "--population", "16",
            "--trials", $"{Trials}", "--delay-ms", "200", "--heartbeat-s", "0.5", "--grace-s", "30",
            "--seed", "7", "--worker-index", i.ToString(CultureInfo.InvariantCulture),
        ])).ToList();
        var clock = Stopwatch.StartNew();

        // When: the server restarts after 20 and after 60 complete trials
        var downtimes = new List<TimeSpan>();
        foreach (var threshold in new[] { 20, 60 })
        {
            WaitForComplete(url, threshold, workers);
            downtimes.Add(server.Restart());
        }

        foreach (var worker in workers)
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(5)), $"a worker did not finish:\n{worker.Output}");
        }

        // Then
        using var storage = StudyStorages.Open(url);
        var trials = storage.GetTrials(storage.FindStudy("restart")!.StudyId);
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        var retries = workers.Sum(w => w.Output.Split('\n').Count(line => line.Contains("; retry ", StringComparison.Ordinal)));
        var failures = string.Concat(trials.Where(t => t.State == TrialState.Failed).Select(t => $"; trial {t.Number} failed: {t.FailReason}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Workers} workers, {Trials} trials, 2 restarts (down {string.Join(", ", downtimes.Select(d => $"{d.TotalSeconds:0.0} s"))}): "
            + $"{retries} storage calls retried, exit codes {string.Join(",", workers.Select(w => w.ExitCode))}, {complete.Count} complete, "
            + $"{trials.Count(t => t.State == TrialState.Failed)} failed, {trials.Count} trials stored, {clock.Elapsed.TotalSeconds:0} s in all{failures}"));
        Assert.All(workers, w => Assert.True(w.ExitCode == 0, w.Output));
        Assert.Equal(Trials, complete.Count);
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running or TrialState.Waiting);
        // No trial done twice: a second evaluation of a trial would be refused at tell time ("result dropped"), and
        // a trial started but lost would remain as an extra failed trial; here every trial in the storage is one of the budget.
        // A failed trial may remain from the one harmless window (a start committed but its answer lost in the
        // restart: the orphan is reaped after the grace); it must not have been evaluated.
        var dropped = workers.SelectMany(w => w.Output.Split('\n')).Where(line => line.Contains("dropped", StringComparison.Ordinal)).ToList();
        Assert.True(dropped.Count == 0, string.Join("\n", dropped));
        Assert.All(trials.Where(t => t.State == TrialState.Failed), t => Assert.StartsWith("stale heartbeat", t.FailReason, StringComparison.Ordinal));
        Assert.True(retries > 0, "no storage call was retried: the restarts did not hit the workers");
        workers.ForEach(w => w.Dispose());
    }

    private static void WaitForComplete(string url, int count, IReadOnlyList<CliProcess> workers)
    {
        using var storage = StudyStorages.Open(url);
        var clock = Stopwatch.StartNew();
        while ((storage.FindStudy("restart") is not { } study ? 0 : storage.GetTrials(study.StudyId).Count(t => t.State == TrialState.Complete)) < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"{count} complete trials not reached; first worker:\n{workers[0].Output}");
            Assert.DoesNotContain(workers, w => w.HasExited && w.ExitCode != 0);
            Thread.Sleep(100);
        }
    }
}

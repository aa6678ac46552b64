using System.Diagnostics;
using MemControl.Search.Tests.Support;
using MemControl.Storage;

namespace MemControl.Search.Tests.Storage;

/// <summary>
/// Several worker processes on one study: exactly N complete trials, none handed out twice, and a worker killed
/// mid-trial (SIGKILL) leaves its trial failed after the grace period with its parameters re-queued.
/// </summary>
public sealed class MultiWorkerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-workers-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Two_sqlite_workers_complete_the_study_after_one_is_killed_mid_trial() =>
        KillOneThenFinish($"sqlite:///{Path.Combine(folder, "study.db")}", workers: 2, trials: 12, delayMs: 50);

    [Fact]
    public void Three_postgresql_workers_complete_the_study_after_one_is_killed_mid_trial() =>
        KillOneThenFinish(PostgresUrl(), workers: 3, trials: 16, delayMs: 50);

    [Fact]
    [Trait("Category", "Slow")]
    public void Eight_postgresql_workers_complete_exactly_n_trials_without_duplicates_and_survive_a_kill() =>
        KillOneThenFinish(PostgresUrl(), workers: 8, trials: 200, delayMs: 50);

    private static string PostgresUrl()
    {
        var server = PostgresServer.Instance;
        if (server.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return server.CreateDatabase();
    }

    private static void KillOneThenFinish(string url, int workers, int trials, int delayMs)
    {
        // Given: the study exists before the workers start, and the first worker is killed while in a trial
        StudyStorages.Open(url).Dispose();
        // (The victim's objective takes 10 minutes, so it is surely mid-trial when killed.)
        var processes = Enumerable.Range(0, workers).Select(w => TestWorker.Start(url, "kill-test", trials, w == 0 ? 600_000 : delayMs)).ToList();
        var victim = processes[0];
        var started = victim.StandardOutput.ReadLine();
        Assert.NotNull(started);

        // When
        victim.Kill(entireProcessTree: true); // SIGKILL: no chance to clean up
        victim.WaitForExit();
        var survivors = processes.Skip(1).ToList();
        var outputs = survivors.Select(p => p.StandardOutput.ReadToEndAsync()).ToList();

        var deadline = Stopwatch.StartNew();
        foreach (var p in survivors)
        {
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(120) - deadline.Elapsed), "a worker did not finish in time");
            Assert.True(p.ExitCode == 0, $"worker exit code {p.ExitCode}: {p.StandardError.ReadToEnd()}");
        }

        // Then
        using var storage = StudyStorages.Open(url);
        var study = storage.FindStudy("kill-test")!;
        var all = storage.GetTrials(study.StudyId);
        Assert.Equal(trials, all.Count(t => t.State == TrialState.Complete));
        Assert.DoesNotContain(all, t => t.State is TrialState.Running or TrialState.Waiting);
        var killedNumber = int.Parse(started!["started ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var killed = all[killedNumber];
        Assert.Equal(TrialState.Failed, killed.State);
        Assert.StartsWith("stale heartbeat", killed.FailReason, StringComparison.Ordinal);
        var retry = Assert.Single(all, t => t.SystemAttributeInt(MemControl.Search.Storage.RetryAttributes.RetryOf) == killedNumber);
        Assert.Equal(killed.Params, retry.Params);
        Assert.Equal(TrialState.Complete, retry.State);
        var handedOut = outputs.SelectMany(o => o.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Append(started).ToList();
        Assert.Equal(handedOut.Count, handedOut.Distinct().Count()); // no trial number started twice
        var stored = all.Select(t => $"started {t.Number}").ToHashSet();
        Assert.True(handedOut.All(stored.Contains), $"handed out but not stored: {string.Join(", ", handedOut.Where(h => !stored.Contains(h)))}");
        Assert.True(all.All(t => handedOut.Contains($"started {t.Number}")), $"stored but never started: {string.Join(", ", all.Where(t => !handedOut.Contains($"started {t.Number}")).Select(t => $"{t.Number} {t.State} {t.FailReason}"))}");
    }
}

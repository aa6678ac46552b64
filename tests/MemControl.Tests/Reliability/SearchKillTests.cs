using MemControl.Tests.Reliability.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// A search process SIGKILLed at random moments (while the objective runs, while it writes to the storage) and rerun:
/// no complete trial is lost or changed, the killed trial is failed and re-queued, the study reaches its budget.
/// A few kills run by default; the campaigns behind docs/reliability.md's figures are Slow.
/// </summary>
public sealed class SearchKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-search-kill-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_sqlite_search_killed_three_times_loses_no_complete_trial_and_requeues_the_killed_ones() =>
        KillAndCheck(SqliteUrl(), kills: 3, seed: 1);

    [Fact]
    public void A_postgresql_search_killed_twice_loses_no_complete_trial_and_requeues_the_killed_ones() =>
        KillAndCheck(TestPostgres.Url(), kills: 2, seed: 2);

    [Fact]
    [Trait("Category", "Slow")]
    public void A_sqlite_search_killed_twenty_times_loses_no_complete_trial() =>
        KillAndCheck(SqliteUrl(), kills: 20, seed: 20261128);

    [Fact]
    [Trait("Category", "Slow")]
    public void A_postgresql_search_killed_twenty_times_loses_no_complete_trial() =>
        KillAndCheck(TestPostgres.Url(), kills: 20, seed: 20261129);

    private string SqliteUrl() => $"sqlite:///{Path.Combine(folder, "study.db")}";

    private void KillAndCheck(string url, int kills, int seed)
    {
        // Given / When
        var figures = new SearchKillCampaign(url, kills, seed).Run();

        // Then
        output.WriteLine($"{url.Split(':')[0]} search, seed {seed}: {figures}");
        Assert.Empty(figures.LostTrials);
        Assert.Empty(figures.KilledTrialsNotRequeued);
        Assert.Equal(figures.Budget, figures.CompleteAtEnd);
        Assert.Equal(0, figures.LeftRunningOrWaiting);
        Assert.True(figures.TrialsCompleteAtKills > 0, "no trial had completed at any kill: the kills came too early to test anything");
    }
}

using System.Diagnostics;
using MemControl.Data.Phantoms;
using MemControl.Tests.Reliability.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// Ctrl+C (SIGINT) of a search: the running trial is failed as "cancelled" (docs/search.md), so none is left RUNNING
/// for the heartbeat to find, and the exit code is 130.
/// </summary>
public sealed class SearchInterruptTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"memcontrol-sigint-search-{Guid.NewGuid():N}");

    [Fact]
    public void An_interrupted_search_marks_its_running_trial_cancelled_and_exits_130()
    {
        // Given: a search on the built-in model whose first trial trains for a long time.
        var manifest = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 40, Subjects = 10, Seed = 2 }), Path.Combine(folder, "data"), 16);
        var run = Path.Combine(folder, "run");
        using var child = CliProcess.Start([
            "search", "--model", "builtin", "--data", manifest, "--method", "difffit", "--trials", "50", "--population", "2",
            "--steps", "100000", "--batch", "4", "--memorization-count", "2", "--validation-prompts", "2", "--out", run,
        ]);
        var deadline = Stopwatch.StartNew();
        while (!child.Output.Contains("trial 0: fine-tuning", StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromMinutes(3) && !child.HasExited)
        {
            Thread.Sleep(200);
        }

        // When
        using (var signal = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            signal.WaitForExit();
        }

        // Then: the trial is recorded as cancelled (not left RUNNING for the heartbeat), and the exit code says interrupted.
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(3)), child.Output);
        Assert.Equal(130, child.ExitCode);
        Assert.Contains("trial 0 failed: cancelled", child.Output, StringComparison.Ordinal);
        Assert.Contains("interrupted; finished results were kept", child.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

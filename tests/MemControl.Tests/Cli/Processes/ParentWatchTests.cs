using System.Diagnostics;
using MemControl.Workflow.Processes;

namespace MemControl.Tests.Cli.Processes;

/// <summary>A worker's watch on the process that started it: cancelled once that process is gone, not before.</summary>
public sealed class ParentWatchTests
{
    [Fact]
    public void The_token_is_cancelled_within_seconds_of_the_parent_ending_and_not_while_it_lives()
    {
        // Given: a stand-in parent that lives 2 s, and this test process as a parent that outlives the test
        using var shortLived = Process.Start("sleep", "2");
        using var watchOnShortLived = new ParentWatch(shortLived.Id, TestContext.Current.CancellationToken);
        using var watchOnThisProcess = new ParentWatch(Environment.ProcessId, TestContext.Current.CancellationToken);

        // When
        shortLived.WaitForExit();
        var cancelled = watchOnShortLived.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));

        // Then
        Assert.True(cancelled);
        Assert.False(watchOnThisProcess.Token.IsCancellationRequested);
        Assert.False(ParentWatch.IsAlive(shortLived.Id));
    }
}

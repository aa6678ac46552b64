using System.Diagnostics;

namespace MemControl.Workflow.Processes;

/// <summary>
/// A worker process's guard against outliving the process that started it: the parent kills its workers when it
/// stops normally, but a parent killed outright (SIGKILL, the OOM killer) cannot, and an orphaned worker would go on
/// writing where a rerun starts a new one. The parent passes its id (<c>--parent PID</c>); every 2 s this checks it is
/// still there and cancels <see cref="Token"/> when it is not, so the work stops as after Ctrl-C.
/// </summary>
public sealed class ParentWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource source;
    private readonly Timer? timer;

    /// <param name="parentId">The parent's process id, or null to watch nothing (a worker started by hand).</param>
    /// <param name="cancellationToken">The worker's own cancellation (Ctrl-C), which <see cref="Token"/> also follows.</param>
    public ParentWatch(int? parentId, CancellationToken cancellationToken)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (parentId is { } parent)
        {
            timer = new Timer(_ =>
            {
                if (!IsAlive(parent))
                {
                    source.Cancel();
                }
            }, null, Interval, Interval);
        }
    }

    /// <summary>Cancelled when the parent is gone or the worker itself is interrupted.</summary>
    public CancellationToken Token => source.Token;

    public static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        timer?.Dispose();
        source.Dispose();
    }
}

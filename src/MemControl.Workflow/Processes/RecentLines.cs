using System.Collections;
using System.Collections.Concurrent;

namespace MemControl.Workflow.Processes;

/// <summary>
/// The last lines a worker process wrote to standard error (libtorch's warnings, a crash's trace), kept to show when
/// it fails; added to from the process's output thread, read after it has exited.
/// </summary>
public sealed class RecentLines(int capacity = 20) : IEnumerable<string>
{
    private readonly ConcurrentQueue<string> lines = new();

    public void Add(string line)
    {
        lines.Enqueue(line);
        while (lines.Count > capacity && lines.TryDequeue(out string? _))
        {
        }
    }

    public IEnumerator<string> GetEnumerator() => lines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

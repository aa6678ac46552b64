namespace MemControl.Benchmarks;

/// <summary>Thread CPU times (<see cref="ThreadCpuClock"/>) of named parts of a repeated step, reported as medians in milliseconds.</summary>
internal sealed class PartTimes
{
    private readonly Dictionary<string, List<double>> times = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Runs <paramref name="part"/>; records its time under <paramref name="name"/> when <paramref name="record"/>.</summary>
    public T Time<T>(string name, bool record, Func<T> part)
    {
        var start = ThreadCpuClock.Milliseconds();
        var result = part();
        Add(name, record, ThreadCpuClock.Milliseconds() - start);
        return result;
    }

    /// <summary>As <see cref="Time{T}"/> for a part without a result.</summary>
    public void Time(string name, bool record, Action part)
    {
        var start = ThreadCpuClock.Milliseconds();
        part();
        Add(name, record, ThreadCpuClock.Milliseconds() - start);
    }

    /// <summary>Each part's median, in the order the parts first ran.</summary>
    public Dictionary<string, double> Medians() => order.ToDictionary(name => name, name => Math.Round(Median(times[name]), 2));

    private void Add(string name, bool record, double milliseconds)
    {
        if (!record)
        {
            return;
        }

        if (!times.TryGetValue(name, out var list))
        {
            times[name] = list = [];
            order.Add(name);
        }

        list.Add(milliseconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }
}

using System.Diagnostics;

namespace MemControl.Benchmarks.Gpu;

/// <summary>Repetition times of one measurement in milliseconds: the median is the figure, min and every sample beside it.</summary>
internal sealed record Timings(double MedianMs, double MinMs, IReadOnlyList<double> SamplesMs)
{
    public static Timings Of(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new InvalidOperationException("no timed repetition");
        }

        var sorted = milliseconds.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new Timings(Math.Round(median, 3), Math.Round(sorted[0], 3), milliseconds.Select(ms => Math.Round(ms, 3)).ToArray());
    }

    /// <summary>
    /// <paramref name="warmup"/> untimed runs of <paramref name="run"/>, then <paramref name="count"/> timed ones.
    /// <paramref name="run"/> must wait for the device itself (CUDA runs asynchronously).
    /// </summary>
    public static Timings Measure(int warmup, int count, Action run)
    {
        for (var i = 0; i < warmup; i++)
        {
            run();
        }

        var milliseconds = new double[count];
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            milliseconds[i] = clock.Elapsed.TotalMilliseconds;
        }

        return Of(milliseconds);
    }

    /// <summary>
    /// Step times from the moments each step ended (one stamp per step, from a training loop's progress callback):
    /// step k's time is stamp k − stamp k−1, and the first <paramref name="warmup"/> steps are left out.
    /// </summary>
    public static Timings FromStepEnds(IReadOnlyList<double> stampsMs, int warmup)
    {
        if (warmup < 1 || stampsMs.Count <= warmup)
        {
            throw new ArgumentException($"step times need at least one warm-up step and one timed step ({stampsMs.Count} steps, warm-up {warmup})");
        }

        return Of(Enumerable.Range(warmup, stampsMs.Count - warmup).Select(k => stampsMs[k] - stampsMs[k - 1]).ToArray());
    }
}

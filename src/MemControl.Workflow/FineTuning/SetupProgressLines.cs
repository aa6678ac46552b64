using System.Globalization;
using MemControl.Peft;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// A method's set-up progress as lines, for a set-up slow enough to need them (SV-DIFF's SVDs take minutes at SD-1.5
/// size, docs/scale.md): a line once <see cref="Interval"/> seconds have passed and then at most one per interval, and
/// the last layer's when any was printed. A set-up that reads its factors from a cache, or a small model's, prints
/// nothing (each search trial and benchmark row attaches again).
/// </summary>
public sealed class SetupProgressLines(Action<string> writeLine)
{
    /// <summary>Seconds between lines.</summary>
    public const double Interval = 10;

    private double lastPrinted;

    public void Report(AttachProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var last = progress.Done == progress.Total && lastPrinted > 0;
        if (!last && progress.Seconds - lastPrinted < Interval)
        {
            return;
        }

        lastPrinted = Math.Max(progress.Seconds, double.Epsilon);
        writeLine(string.Create(CultureInfo.InvariantCulture,
            $"{progress.Method} set-up: {progress.Done}/{progress.Total} layers decomposed ({progress.Seconds:0} s), last {progress.Layer}"));
    }
}

using System.Globalization;
using MemControl.Peft;

namespace MemControl.Cli.Commands.Train;

/// <summary>
/// Prints a method's set-up progress as lines (SV-DIFF's SVDs take minutes at SD-1.5 size, docs/scale.md): the first
/// layer, then at most one line per <see cref="Interval"/> of seconds, and the last.
/// </summary>
public sealed class SetupProgressLines(Action<string> writeLine)
{
    /// <summary>Seconds between lines.</summary>
    public const double Interval = 10;

    private double lastPrinted = double.NegativeInfinity;

    public void Report(AttachProgress progress)
    {
        if (progress.Done != 1 && progress.Done != progress.Total && progress.Seconds - lastPrinted < Interval)
        {
            return;
        }

        lastPrinted = progress.Seconds;
        writeLine(string.Create(CultureInfo.InvariantCulture,
            $"{progress.Method} set-up: {progress.Done}/{progress.Total} layers decomposed ({progress.Seconds:0} s), last {progress.Layer}"));
    }
}

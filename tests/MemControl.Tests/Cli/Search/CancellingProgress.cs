using MemControl.Cli.Search;
using MemControl.Training;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>A silent progress that cancels the search at the first training step of trial <paramref name="trial"/> (an interrupted run).</summary>
internal sealed class CancellingProgress(int trial, CancellationTokenSource source) : ISearchProgress
{
    private int current = -1;

    public T Run<T>(Func<T> body) => body();

    public void Trials(IReadOnlyList<SearchTrialRow> rows)
    {
    }

    public void Status(string line)
    {
        // The runner announces each trial as "<method> trial <n>: fine-tuning …".
        var marker = line.IndexOf(" trial ", StringComparison.Ordinal);
        if (marker >= 0 && line.IndexOf(':', marker) is var colon and > 0
            && int.TryParse(line[(marker + 7)..colon], System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            current = number;
        }
    }

    public void Step(TrainingProgress progress)
    {
        if (current == trial)
        {
            source.Cancel();
        }
    }
}

using System.Globalization;
using MemControl.Search;
using MemControl.Training;

namespace MemControl.Workflow.Search;

/// <summary>Plain lines for logs, redirected output and library callers: each status line, and each trial once when it finishes.</summary>
public sealed class LineSearchProgress(Action<string> log) : ISearchProgress
{
    private readonly HashSet<(string Method, int Number)> reported = [];

    public T Run<T>(Func<T> body) => body();

    public void Trials(IReadOnlyList<SearchTrialRow> rows)
    {
        foreach (var row in rows.Where(r => r.State is TrialState.Complete or TrialState.Failed or TrialState.Pruned))
        {
            if (reported.Add((row.Method, row.Number)))
            {
                log(Describe(row));
            }
        }
    }

    public void Status(string line) => log(line);

    public void Step(TrainingProgress progress)
    {
    }

    public static string Describe(SearchTrialRow row) => row.State switch
    {
        TrialState.Complete => string.Create(CultureInfo.InvariantCulture,
            $"{row.Method} trial {row.Number}: memorization {row.Memorization:0.#####}, FD {row.Fd:0.###} (bits {row.Bits}, lr {row.LearningRate:0.###e+0}{(row.DuplicateOf is null ? "" : $"; {row.Note}")})"),
        TrialState.Failed => $"{row.Method} trial {row.Number} failed: {row.FailReason}",
        _ => $"{row.Method} trial {row.Number}: {row.State.ToString().ToLowerInvariant()}",
    };
}

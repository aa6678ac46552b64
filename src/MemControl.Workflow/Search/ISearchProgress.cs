using MemControl.Training;

namespace MemControl.Workflow.Search;

/// <summary>What a search shows while it runs: the table of trials, a status line and the current trial's training steps.</summary>
public interface ISearchProgress
{
    /// <summary>Runs the search inside the display (a live table in a terminal).</summary>
    T Run<T>(Func<T> body);

    /// <summary>The trials of every study so far.</summary>
    void Trials(IReadOnlyList<SearchTrialRow> rows);

    void Status(string line);

    void Step(TrainingProgress progress);
}

using System.Globalization;
using MemControl.Search;
using MemControl.Training;
using Spectre.Console;
using Spectre.Console.Rendering;
using MemControl.Workflow.Search;

namespace MemControl.Cli.Search;

/// <summary>A live table of the trials (Spectre.Console) with the current trial's status and training step under it.</summary>
public sealed class LiveSearchProgress(IAnsiConsole console) : ISearchProgress
{
    /// <summary>The newest rows shown; older ones scroll away (front.csv and the study keep all).</summary>
    private const int ShownRows = 20;

    private LiveDisplayContext? context;
    private IReadOnlyList<SearchTrialRow> rows = [];
    private string status = "";
    private string step = "";

    public T Run<T>(Func<T> body) =>
        console.Live(Render()).AutoClear(false).Start(live =>
        {
            context = live;
            try
            {
                return body();
            }
            finally
            {
                Refresh();
                context = null;
            }
        });

    public void Trials(IReadOnlyList<SearchTrialRow> rows)
    {
        this.rows = rows;
        Refresh();
    }

    public void Status(string line)
    {
        status = line;
        step = "";
        Refresh();
    }

    public void Step(TrainingProgress progress)
    {
        step = string.Create(CultureInfo.InvariantCulture, $"step {progress.Step}/{progress.TotalSteps}  loss {progress.Loss:0.00000}  {progress.StepsPerSecond:0.00} steps/s");
        Refresh();
    }

    private void Refresh()
    {
        if (context is { } live)
        {
            live.UpdateTarget(Render());
        }
    }

    private IRenderable Render()
    {
        var table = new Table().AddColumn("method").AddColumn("trial").AddColumn("state").AddColumn("bits").AddColumn("lr")
            .AddColumn("memorization").AddColumn("FD").AddColumn("note");
        foreach (var row in rows.Skip(Math.Max(0, rows.Count - ShownRows)))
        {
            table.AddRow(
                Markup.Escape(row.Method),
                row.Number.ToString(CultureInfo.InvariantCulture),
                row.State switch { TrialState.Complete => "[green]complete[/]", TrialState.Failed => "[red]failed[/]", TrialState.Running => "[yellow]running[/]", _ => row.State.ToString().ToLowerInvariant() },
                Markup.Escape(row.Bits),
                row.LearningRate?.ToString("0.###e+0", CultureInfo.InvariantCulture) ?? "",
                row.Memorization?.ToString("0.#####", CultureInfo.InvariantCulture) ?? "",
                row.Fd?.ToString("0.###", CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(row.Note));
        }

        return new Rows(table, new Markup(Markup.Escape(status)), new Markup(Markup.Escape(step)));
    }
}

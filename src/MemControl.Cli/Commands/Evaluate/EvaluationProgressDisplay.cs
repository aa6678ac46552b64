using MemControl.Metrics.Evaluation;
using Spectre.Console;
using MemControl.Workflow.Evaluation;

namespace MemControl.Cli.Commands.Evaluate;

/// <summary>
/// Shows an evaluation's progress: one Spectre progress bar per stage on an interactive terminal; plain lines (when a
/// stage starts and ends) when output is redirected, for logs and tests — as <c>audit</c> does.
/// </summary>
public static class EvaluationProgressDisplay
{
    public static T Run<T>(IAnsiConsole console, Func<Action<EvaluationProgress>, T> body)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var started = new HashSet<string>(StringComparer.Ordinal);
            return body(p =>
            {
                if ((p.Done == 0 && started.Add(p.Stage)) || p.Done == p.Total)
                {
                    console.WriteLine($"{p.Stage}: {p.Done}/{p.Total}");
                }
            });
        }

        return console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                return body(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        task = context.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(1, p.Total));
                        tasks[p.Stage] = task;
                    }

                    task.Value = p.Done;
                });
            });
    }
}

using Spectre.Console;
using MemControl.Workflow.Audit;

namespace MemControl.Cli.Commands.Audit;

/// <summary>Progress as Spectre progress bars, one per stage, for an interactive terminal.</summary>
public sealed class SpectreAuditProgress(ProgressContext context) : IAuditProgress
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    public void Report(string stage, int done, int total)
    {
        if (!_tasks.TryGetValue(stage, out var task))
        {
            task = context.AddTask(Markup.Escape(stage), maxValue: Math.Max(1, total));
            _tasks[stage] = task;
        }

        task.Value = done;
    }
}

using Spectre.Console;
using MemControl.Workflow.Audit;

namespace MemControl.Cli.Commands.Audit;

/// <summary>Progress as plain lines (one when a stage starts, one when it ends): for logs, pipes and tests.</summary>
public sealed class PlainAuditProgress(IAnsiConsole console) : IAuditProgress
{
    public void Report(string stage, int done, int total)
    {
        if (done == 0 || done == total)
        {
            console.WriteLine($"{stage}: {done}/{total}");
        }
    }
}

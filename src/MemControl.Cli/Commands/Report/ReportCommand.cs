using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Reports;

namespace MemControl.Cli.Commands.Report;

/// <summary><c>memcontrol report</c>: the privacy officer's page of a run folder (<see cref="RunReport"/>).</summary>
public sealed class ReportCommand(IAnsiConsole console, StatusConsole status) : Command<ReportSettings>
{
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var (report, files) = RunReport.Write(settings.Run!);
        foreach (var missing in report.Missing)
        {
            status.Console.MarkupLineInterpolated($"[yellow]not found:[/] {missing}");
        }

        console.MarkupLineInterpolated($"wrote {string.Join(", ", files)}");
        return 0;
    }
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Reports;

namespace MemControl.Cli.Commands.Report;

/// <summary>Options of <c>memcontrol report</c>.</summary>
public sealed class ReportSettings : CommandSettings
{
    [CommandOption("--run <DIR>")]
    [Description("The run folder (data/, search/, train/, evaluate/, benchmark/); report.html and report.md are written into it.")]
    public string? Run { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Run) ? ValidationResult.Error("--run <DIR> is required") : ValidationResult.Success();
}

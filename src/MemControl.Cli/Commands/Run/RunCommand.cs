using System.Diagnostics;
using MemControl.Cli.Search;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Demo;
using MemControl.Workflow.Runs;
using MemControl.Workflow.Search;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace MemControl.Cli.Commands.Run;

/// <summary>
/// <c>memcontrol run</c>: the demo's whole workflow on a user's manifest (<see cref="WholeRun"/>): data prepare →
/// search → benchmark → report, with one profile's sizes, in one resumable run folder.
/// </summary>
public sealed class RunCommand(IAnsiConsole console, StatusConsole status) : Command<RunSettings>
{
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var profile = OptionNames.Parsed("--profile", () => DemoProfile.ByName(settings.Profile));
        if (!File.Exists(settings.Manifest))
        {
            throw new FileNotFoundException($"--manifest: '{settings.Manifest}' does not exist", settings.Manifest);
        }

        var run = Path.GetFullPath(settings.Out!);
        var clock = Stopwatch.StartNew();
        if (settings.Workers > 1)
        {
            torch.set_num_threads(1); // the workers share the cores (docs/architecture.md, "Processes")
        }

        status.Console.MarkupLineInterpolated($"[bold]memcontrol run ({profile.Name})[/] {settings.Manifest} → {run}");
        ISearchProgress progress = status.Console.Profile.Capabilities.Interactive ? new LiveSearchProgress(status.Console) : new LineSearchProgress(status.Console.WriteLine);
        var result = WholeRun.Run(settings.Manifest!, settings.Model, run, profile, settings.Seed, settings.Workers, progress,
            line => status.Console.MarkupLineInterpolated($"[green]✓[/] [grey]{clock.Elapsed:mm\\:ss}[/] {line}"), cancellationToken,
            settings.Seeds is { } seeds ? SeedList.Parse(seeds) : null);
        console.WriteLine(BenchmarkOutputs.TableWithFindings(result.Benchmark));
        console.MarkupLineInterpolated($"[bold]open {result.ReportFiles.FirstOrDefault(f => f.EndsWith(".html", StringComparison.Ordinal)) ?? Path.Combine(run, "report.html")}[/] ({clock.Elapsed:mm\\:ss} in all)");
        return 0;
    }
}

using System.Diagnostics;
using MemControl.Cli.Commands.Benchmark;
using MemControl.Cli.Commands.Report;
using MemControl.Cli.Search;
using MemControl.Metrics.Evaluation;
using MemControl.Models.Loading;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Demo;
using MemControl.Workflow.Reports;
using MemControl.Workflow.Runs;
using MemControl.Workflow.Search;

namespace MemControl.Cli.Commands.Demo;

/// <summary>
/// <c>memcontrol demo</c>, the README's first command: the whole MemControl workflow on a fresh machine with no data,
/// no checkpoint and no GPU — synthetic chest radiographs → memorization set → NSGA-II mask search on D_HPO → pick →
/// the paper's Table 1 rows trained on the training data (in which the memorization set recurs) and evaluated →
/// report. Everything lands in one run folder; a rerun resumes (finished trials and rows are kept).
/// </summary>
public sealed class DemoCommand(IAnsiConsole console, StatusConsole status) : Command<DemoSettings>
{
    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var profile = OptionNames.Parsed("--profile", () => DemoProfile.ByName(settings.Profile ?? (settings.Quick ? "quick" : "default")));
        var run = Path.GetFullPath(settings.Out);
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(1);
        status.Console.MarkupLineInterpolated($"[bold]memcontrol demo ({profile.Name})[/] → {run}");

        string phantoms;
        var (model, _) = BaseModel.Load(BuiltinModel.Name);
        using (model)
        {
            phantoms = DemoData.WritePhantoms(run, profile, settings.Seed, (model.Unet.Config.SampleSize ?? 16) * model.LatentScale);
        }

        Stage(clock, $"phantoms: {profile.Phantoms} of {profile.Subjects} patients ({phantoms})");
        ISearchProgress progress = status.Console.Profile.Capabilities.Interactive ? new LiveSearchProgress(status.Console) : new LineSearchProgress(status.Console.WriteLine);
        var result = WholeRun.Run(phantoms, BuiltinModel.Name, run, profile, settings.Seed, settings.Workers, progress, line => Stage(clock, line), cancellationToken,
            settings.Seeds is { } seeds ? SeedList.Parse(seeds) : null);
        console.WriteLine(BenchmarkOutputs.TableWithFindings(result.Benchmark));
        console.MarkupLineInterpolated($"[bold]open {result.ReportFiles.FirstOrDefault(f => f.EndsWith(".html", StringComparison.Ordinal)) ?? Path.Combine(run, "report.html")}[/] ({clock.Elapsed:mm\\:ss} in all)");
        if (result.Report.Missing.Count > 0)
        {
            status.Console.MarkupLineInterpolated($"[yellow]the report says what is missing: {string.Join("; ", result.Report.Missing)}[/]");
        }

        return 0;
    }

    private void Stage(Stopwatch clock, string line) => status.Console.MarkupLineInterpolated($"[green]✓[/] [grey]{clock.Elapsed:mm\\:ss}[/] {line}");
}

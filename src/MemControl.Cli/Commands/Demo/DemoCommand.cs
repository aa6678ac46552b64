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
using MemControl.Workflow.Search;

namespace MemControl.Cli.Commands.Demo;

/// <summary>
/// <c>memcontrol demo</c>, the README's first command: the whole MemControl workflow on a fresh machine with no data,
/// no checkpoint and no GPU — synthetic chest radiographs → memorization set → NSGA-II mask search on D_HPO → pick →
/// the paper's Table 1 rows trained on the training data (in which the memorization set recurs) and evaluated →
/// report. Everything lands in one run folder; a rerun resumes (finished trials and rows are kept).
/// </summary>
public sealed class DemoCommand(IAnsiConsole console) : Command<DemoSettings>
{
    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var profile = DemoProfile.ByName(settings.Profile ?? (settings.Quick ? "quick" : "default"));
        var run = Path.GetFullPath(settings.Out);
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(1);
        console.MarkupLineInterpolated($"[bold]memcontrol demo ({profile.Name})[/] → {run}");

        // 1. Data
        var (model, _) = BaseModel.Load(BuiltinModel.Name);
        DemoData data;
        using (model)
        {
            data = DemoData.Write(run, profile, settings.Seed, model.Tokenizer, (model.Unet.Config.SampleSize ?? 16) * model.LatentScale);
        }

        Stage(clock, $"data: {profile.Phantoms} phantoms of {profile.Subjects} subjects; memorization set of {profile.MemorizationCount} × {profile.MemorizationRepeats} ({data.MemorizationManifest})");

        // 2. Search (paper §4.2) on D_HPO
        var searchOptions = new SearchOptions
        {
            Model = BuiltinModel.Name,
            Data = data.PhantomManifest,
            Output = Path.Combine(run, "search"),
            Method = profile.SearchMethod,
            Trials = profile.SearchTrials,
            Population = profile.SearchPopulation,
            Workers = settings.Workers,
            Steps = profile.SearchSteps,
            BatchSize = profile.SearchBatch,
            VanillaLearningRate = profile.SearchVanillaLearningRate,
            LowestLearningRate = profile.SearchLowestLearningRate,
            HighestLearningRate = profile.SearchHighestLearningRate,
            MemorizationCount = profile.MemorizationCount,
            MemorizationRepeats = profile.MemorizationRepeats,
            HpoFraction = profile.HpoFraction,
            ValidationPrompts = profile.ValidationPrompts,
            SamplesPerPrompt = 2,
            GenerationSteps = profile.SamplingSteps,
            GuidanceScale = 3.0,
            Seed = settings.Seed,
        };
        ISearchProgress progress = console.Profile.Capabilities.Interactive ? new LiveSearchProgress(console) : new LineSearchProgress(console.WriteLine);
        var outcome = SearchRunner.Run(searchOptions, progress, cancellationToken);
        Stage(clock, $"search: {outcome.Front.All.Count} trials, {outcome.Front.Front.Count} on the front; picked {outcome.MaskPath}");

        // 3. Train every row on the training data and evaluate it (SPEC §10)
        var plan = new BenchmarkPlan
        {
            Model = BuiltinModel.Name,
            Data = data.TrainingManifest,
            RunFolder = run,
            Steps = profile.BenchmarkSteps,
            BatchSize = profile.BenchmarkBatch,
            LearningRate = profile.BenchmarkLearningRate,
            MethodLearningRates = MethodLearningRates.Parse(profile.BenchmarkMethodLearningRates),
            Seed = settings.Seed,
            MaskFile = outcome.MaskPath,
            MemorizationManifest = data.MemorizationManifest,
            Prompts = profile.HeldOutPrompts,
            Evaluation = new EvaluationOptions
            {
                ImagesPerPrompt = profile.ImagesPerPrompt,
                SamplesPerMemorizationPrompt = profile.SamplesPerMemorizationPrompt,
                Steps = profile.SamplingSteps,
                GuidanceScale = 3.0,
                Seed = settings.Seed,
            },
        };
        void Log(string line) => console.WriteLine(line);
        var results = BenchmarkWorkflow.Run(plan, BenchmarkRows.Select(profile.BenchmarkRows), Log, BenchmarkStepLines.Every10th(plan.Steps, Log), cancellationToken, settings.Workers);
        AtomicFile.WriteText(Path.Combine(run, "results.json"), File.ReadAllText(Path.Combine(plan.BenchmarkFolder, BenchmarkOutputs.ResultsFile)));
        Stage(clock, $"benchmark: {results.Rows.Count} rows");
        console.WriteLine(BenchmarkTableFormats.Markdown(BenchmarkTable.From(results.Rows)));

        // The searched mask's row is the workflow's "train with the picked mask, then evaluate" (README): its files
        // also go where `train` and `evaluate` leave theirs, so the report shows them as such.
        PublishRow(Path.Combine(plan.RowsFolder, BenchmarkRows.SearchedMask), run);

        // 4. Report
        var (report, files) = RunReport.Write(run);
        Stage(clock, "report written");
        console.MarkupLineInterpolated($"[bold]open {files.FirstOrDefault(f => f.EndsWith(".html", StringComparison.Ordinal)) ?? Path.Combine(run, "report.html")}[/] ({clock.Elapsed:mm\\:ss} in all)");
        if (report.Missing.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]the report says what is missing: {string.Join("; ", report.Missing)}[/]");
        }

        return 0;
    }

    private static void PublishRow(string rowFolder, string run)
    {
        if (!Directory.Exists(rowFolder))
        {
            return;
        }

        foreach (var (folder, files) in new[]
                 {
                     ("train", new[] { "adapter.json", "adapter.safetensors", "train.json", "losses.csv", "loss.png" }),
                     ("evaluate", new[] { "metrics.json", "grid.png", "gallery.png", "evaluation.md" }),
                 })
        {
            Directory.CreateDirectory(Path.Combine(run, folder));
            foreach (var file in files.Where(file => File.Exists(Path.Combine(rowFolder, file))))
            {
                AtomicFile.Write(Path.Combine(run, folder, file), stream =>
                {
                    using var source = File.OpenRead(Path.Combine(rowFolder, file));
                    source.CopyTo(stream);
                });
            }
        }
    }

    private void Stage(Stopwatch clock, string line) => console.MarkupLineInterpolated($"[green]✓[/] [grey]{clock.Elapsed:mm\\:ss}[/] {line}");
}

using MemControl.Cli.Commands;
using MemControl.Cli.Commands.Audit;
using MemControl.Cli.Commands.Benchmark;
using MemControl.Cli.Commands.Data;
using MemControl.Cli.Commands.Demo;
using MemControl.Cli.Commands.Detect;
using MemControl.Cli.Commands.Evaluate;
using MemControl.Cli.Commands.Peft;
using MemControl.Cli.Commands.Pretrain;
using MemControl.Cli.Commands.Report;
using MemControl.Cli.Commands.Generate;
using MemControl.Cli.Commands.Search;
using MemControl.Cli.Commands.Train;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Audit;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Demo;
using MemControl.Workflow.Detection;
using MemControl.Workflow.Evaluation;
using MemControl.Workflow.FineTuning;
using MemControl.Workflow.Pretraining;
using MemControl.Workflow.Reports;

namespace MemControl.Cli;

/// <summary>The <c>memcontrol</c> command tree. Each command lives in its own file under Commands/.</summary>
public static class MemControlApp
{
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var output = console ?? AnsiConsole.Console;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("memcontrol");
            config.ConfigureConsole(output);
            config.SetExceptionHandler((exception, _) => UserErrors.Handle(exception, output));

            config.AddCommand<DemoCommand>("demo")
                .WithDescription("Run the whole MemControl workflow on built-in synthetic chest X-rays, with no data and no GPU.");
            config.AddCommand<InfoCommand>("info")
                .WithDescription("Show versions, the compute device and whether libtorch loads.");
            config.AddBranch("data", data =>
            {
                data.SetDescription("Datasets: generate synthetic chest X-rays, check a manifest or a MIMIC-CXR-JPG folder.");
                data.AddCommand<PhantomsCommand>("phantoms")
                    .WithDescription("Write synthetic chest radiographs with radiology-style reports and a manifest.csv.");
                data.AddCommand<CheckCommand>("check")
                    .WithDescription("Validate and summarise a manifest or a MIMIC-CXR-JPG folder; exit code 1 if a file is unusable.");
            });
            config.AddBranch("search", search =>
            {
                search.SetDescription("The MemControl mask search (`search --model … --data … --out …`) and its engine: studies, NSGA-II, SQLite or PostgreSQL workers.");
                search.SetDefaultCommand<SearchCommand>();
                search.AddCommand<SearchCommand>("run")
                    .WithDescription("The MemControl mask search, as `memcontrol search …` without `run`; `search run --help` lists its options.");
                search.AddCommand<SearchBenchCommand>("bench")
                    .WithDescription("Run the engine on a benchmark problem (ZDT, LOTZ) and print trials, front and hypervolume as JSON.");
                search.AddCommand<SearchStatusCommand>("status")
                    .WithDescription("Trials by state, best front, running trials with their worker and heartbeat age.");
                search.AddCommand<SearchSubmitCommand>("submit")
                    .WithDescription("Submit the search to Slurm as an array job, one worker per task (docs/cluster.md); rerun to resubmit.");
                search.AddCommand<SearchWorkerCommand>("worker")
                    .WithDescription("The loop one machine runs: ask, evaluate, tell, until the study holds --trials trials.");
            });
            config.AddBranch("peft", peft =>
            {
                peft.SetDescription("PEFT methods and masks: what a method trains on a UNet.");
                peft.AddCommand<PeftDescribeCommand>("describe")
                    .WithDescription("Per mask bit (with its block) and in total: the values a PEFT method trains and their share of the UNet, from shapes only.");
            });
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Fine-tune a Stable Diffusion UNet with a PEFT method (optionally masked, with a mitigation); writes the adapter, losses and a loss plot.");
            config.AddCommand<PretrainCommand>("pretrain")
                .WithDescription("Train a base model of the SD-1.x classes from scratch (UNet, text encoder, own tokenizer): how the built-in model was made.");
            config.AddCommand<GenerateCommand>("generate")
                .WithDescription("Prompt → images with a model and optionally a trained adapter; writes a grid PNG and each image beside it.");
            config.AddCommand<AuditCommand>("audit")
                .WithDescription("Memorization metrics for images made by any generator: AMD, replication, duplicate groups, a nearest-neighbour gallery and an HTML report.");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Generate for held-out prompts and compute every metric (FD, AMD, MiFID, replication, alignment, extraction, copying, denoising strength); writes metrics.json, a grid and a nearest-neighbour gallery.");
            config.AddCommand<DetectCommand>("detect")
                .WithDescription("Per-prompt memorization score (Wen et al.'s denoising strength over the first sampling step) with a threshold decision.");
            config.AddCommand<BenchmarkCommand>("benchmark")
                .WithDescription("The paper's Table 1 on your data: every PEFT method and the searched mask, alone / + RWA / + threshold, trained and evaluated; Markdown, CSV and HTML; resumable row by row.");
            config.AddCommand<BenchmarkWorkerCommand>(BenchmarkWorkerCommand.Name)
                .WithDescription("Run some rows of a benchmark whose plan.json a `benchmark --workers W` wrote (how rows run side by side).")
                .IsHidden();
            config.AddCommand<ReportCommand>("report")
                .WithDescription("One self-contained HTML page (and Markdown) of a run folder for a privacy officer: what was trained on what, front, table, samples, gallery, flagged prompts.");
        });
        return app.Run(args);
    }
}

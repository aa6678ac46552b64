using MemControl.Cli.Commands;
using MemControl.Cli.Commands.Audit;
using MemControl.Cli.Commands.Benchmark;
using MemControl.Cli.Commands.Data;
using MemControl.Cli.Commands.Demo;
using MemControl.Cli.Commands.Detect;
using MemControl.Cli.Commands.Evaluate;
using MemControl.Cli.Commands.Export;
using MemControl.Cli.Commands.Peft;
using MemControl.Cli.Commands.Pretrain;
using MemControl.Cli.Commands.Report;
using MemControl.Cli.Commands.Run;
using MemControl.Cli.Commands.Scale;
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
    /// <param name="args">The command line.</param>
    /// <param name="console">Where results and progress go; by default standard output.</param>
    /// <param name="errors">
    /// Where errors, warnings and progress go (<see cref="StatusConsole"/>); by default <paramref name="console"/> when
    /// one is given (tests read one stream), else standard error, so that standard output holds only results and
    /// <c>search status --json | jq</c> reads only JSON even when something goes wrong.
    /// </param>
    public static int Run(string[] args, IAnsiConsole? console = null, IAnsiConsole? errors = null)
    {
        var output = console ?? AnsiConsole.Console;
        var errorOutput = errors ?? console ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var app = new CommandApp();
        var commands = new CommandCatalog();
        app.Configure(config =>
        {
            config.SetApplicationName("memcontrol");
            config.ConfigureConsole(output);
            config.Settings.Registrar.RegisterInstance(new StatusConsole(errorOutput));
            // Strict: an unknown option (a typo such as --stpes) is refused, never silently ignored.
            config.UseStrictParsing();
            config.SetInterceptor(new CudaRuntimeInterceptor());
            // A library error names properties; OptionNames rewords the ones that are this command's options.
            config.SetExceptionHandler((exception, _) => UserErrors.Handle(
                OptionNames.Reworded(CommandLineMistakes.Explain(exception, args, commands), commands.SettingsFor(args)), errorOutput));

            commands.Add<DemoCommand>(config, "demo")
                .WithDescription("Run the whole MemControl workflow on built-in synthetic chest X-rays, with no data and no GPU.");
            commands.Add<RunCommand>(config, "run")
                .WithDescription("The demo's whole workflow on your manifest: data prepare → search → benchmark → report, in one resumable run folder.");
            commands.Add<InfoCommand>(config, "info")
                .WithDescription("Show versions, the compute device and whether libtorch loads.");
            config.AddBranch("data", data =>
            {
                data.SetDescription("Datasets: generate synthetic chest X-rays, prepare a run's data from a manifest, check a manifest or a MIMIC-CXR-JPG folder.");
                commands.Add<PhantomsCommand>(data, "data", "phantoms")
                    .WithDescription("Write synthetic chest radiographs with radiology-style reports and a manifest.csv.");
                commands.Add<PrepareCommand>(data, "data", "prepare")
                    .WithDescription("Your manifest → a run's data: subject splits, the memorization set, training.csv with it repeated R times (what search and benchmark with the same --out read).");
                commands.Add<CheckCommand>(data, "data", "check")
                    .WithDescription("Validate and summarise a manifest or a MIMIC-CXR-JPG folder; exit code 1 if a file is unusable.");
            });
            config.AddBranch("search", search =>
            {
                search.SetDescription("The MemControl mask search (`search --model … --data … --out …`) and its engine: studies, NSGA-II, SQLite or PostgreSQL workers.");
                commands.SetDefault<SearchCommand>(search, "search");
                commands.Add<SearchCommand>(search, "search", "run")
                    .WithDescription("The MemControl mask search, as `memcontrol search …` without `run`; `search run --help` lists its options.");
                commands.Add<SearchBenchCommand>(search, "search", "bench")
                    .WithDescription("Run the engine on a benchmark problem (ZDT, LOTZ) and print trials, front and hypervolume as JSON.");
                commands.Add<SearchStatusCommand>(search, "search", "status")
                    .WithDescription("Trials by state, best front, running trials with their worker and heartbeat age.");
                commands.Add<SearchSubmitCommand>(search, "search", "submit")
                    .WithDescription("Submit the search to Slurm as an array job, one worker per task (docs/cluster.md); rerun to resubmit.");
                commands.Add<SearchWorkerCommand>(search, "search", "worker")
                    .WithDescription("The loop one machine runs: ask, evaluate, tell, until the study holds --trials trials.");
            });
            config.AddBranch("peft", peft =>
            {
                peft.SetDescription("PEFT methods and masks: what a method trains on a UNet.");
                commands.Add<PeftDescribeCommand>(peft, "peft", "describe")
                    .WithDescription("Per mask bit (with its block) and in total: the values a PEFT method trains and their share of the UNet, from shapes only.");
            });
            commands.Add<TrainCommand>(config, "train")
                .WithDescription("Fine-tune a Stable Diffusion UNet with a PEFT method (optionally masked, with a mitigation); writes the adapter, losses and a loss plot.");
            commands.Add<ExportCommand>(config, "export")
                .WithDescription("A trained adapter for other tools: the base pipeline folder with the adapter merged into the UNet (diffusers), or LoRA weights for diffusers' load_lora_weights.");
            commands.Add<PretrainCommand>(config, "pretrain")
                .WithDescription("Train a base model of the SD-1.x classes from scratch (UNet, text encoder, own tokenizer): how the built-in model was made.");
            commands.Add<GenerateCommand>(config, "generate")
                .WithDescription("Prompt → images with a model and optionally a trained adapter; writes a grid PNG and each image beside it.");
            commands.Add<AuditCommand>(config, "audit")
                .WithDescription("Memorization metrics for images made by any generator: AMD, replication, duplicate groups, a nearest-neighbour gallery and an HTML report.");
            commands.Add<EvaluateCommand>(config, "evaluate")
                .WithDescription("Generate for held-out prompts and compute every metric (FD, AMD, MiFID, replication, alignment, extraction, copying, denoising strength); writes metrics.json, a grid and a nearest-neighbour gallery.");
            commands.Add<DetectCommand>(config, "detect")
                .WithDescription("Per-prompt memorization score (Wen et al.'s denoising strength over the first sampling step) with a threshold decision.");
            config.AddBranch("benchmark", benchmark =>
            {
                benchmark.SetDescription("The paper's Table 1 on your data (`benchmark --model … --data … --out …`; `benchmark run --help` lists its options): every PEFT method and the searched mask, alone / + RWA / + threshold, trained and evaluated; Markdown, CSV and HTML; resumable row by row.");
                commands.SetDefault<BenchmarkCommand>(benchmark, "benchmark");
                commands.Add<BenchmarkCommand>(benchmark, "benchmark", "run")
                    .WithDescription("The benchmark, as `memcontrol benchmark …` without `run`; `benchmark run --help` lists its options.");
                commands.Add<BenchmarkSubmitCommand>(benchmark, "benchmark", "submit")
                    .WithDescription("Submit the unfinished rows to Slurm as an array job, one row per task (docs/cluster.md); then `benchmark` with the same options writes the tables.");
            });
            commands.Add<BenchmarkWorkerCommand>(config, BenchmarkWorkerCommand.Name)
                .WithDescription("Run some rows of a benchmark whose plan.json a `benchmark --workers W` wrote (how rows run side by side).")
                .IsHidden();
            commands.Add<WriteSd15Command>(config, "write-sd15")
                .WithDescription("Write a diffusers pipeline folder in the exact SD-1.5 layout with random weights (tests and paper-scale benchmarks).")
                .IsHidden();
            commands.Add<ReportCommand>(config, "report")
                .WithDescription("One self-contained HTML page (and Markdown) of a run folder for a privacy officer: what was trained on what, front, table, samples, gallery, flagged prompts.");
        });
        // SIGINT cancels the command's token, so a command can stop cleanly and say where it stopped (train: the step
        // and the last checkpoint); a second SIGINT is left to the default handler, which ends the process at once.
        using var interrupt = new CancellationTokenSource();
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, signal =>
        {
            if (!interrupt.IsCancellationRequested)
            {
                signal.Cancel = true;
                interrupt.Cancel();
            }
        });
        return app.Run(args, interrupt.Token);
    }
}

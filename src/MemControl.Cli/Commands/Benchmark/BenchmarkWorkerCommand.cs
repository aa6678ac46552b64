using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Processes;

namespace MemControl.Cli.Commands.Benchmark;

/// <summary>
/// <c>memcontrol benchmark-worker --plan plan.json --rows IDS</c> (hidden from the command list): trains and evaluates the given rows of a benchmark
/// whose plan a <c>benchmark --workers W</c> (or the demo) wrote, into the same rows folder. It is how rows run side by
/// side in separate processes; the parent writes the tables once every worker has finished.
/// </summary>
public sealed class BenchmarkWorkerCommand(IAnsiConsole console) : Command<BenchmarkWorkerCommand.Settings>
{
    public const string Name = WorkerCommands.Benchmark;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--plan <FILE>")]
        [Description("The plan.json in <out>/benchmark/ that the benchmark wrote when it started its workers.")]
        public string? Plan { get; init; }

        [CommandOption("--rows <IDS>")]
        [Description("Comma-separated ids of the rows this worker runs.")]
        public string? Rows { get; init; }

        [CommandOption("--parent <PID>")]
        [Description("The benchmark process that started this worker: when it is gone (killed), the worker stops too.")]
        public int? Parent { get; init; }

        [CommandOption("--threads <T>")]
        [Description("Torch threads of this worker (default 1; 0: every core this process may use, as a Slurm task is given).")]
        public int Threads { get; init; } = 1;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Plan) ? ValidationResult.Error("--plan <FILE> is required")
            : string.IsNullOrWhiteSpace(Rows) ? ValidationResult.Error("--rows <IDS> is required")
            : Threads < 0 ? ValidationResult.Error($"--threads: must be 0 (every core) or more, not {Threads}")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plan = BenchmarkJson.Read<BenchmarkPlan>(Path.GetFullPath(settings.Plan!));
        var rows = OptionNames.Parsed("--rows", () => BenchmarkRows.Select(settings.Rows));
        // Environment.ProcessorCount counts the cores of this process's affinity mask: a Slurm task's allocation.
        var threads = settings.Threads == 0 ? Environment.ProcessorCount : settings.Threads;
        torch.set_num_threads(threads);
        void Log(string line) => console.WriteLine(line);

        // A parent killed outright must not leave this row training: a rerun would start a second writer on its folder.
        using var parent = new ParentWatch(settings.Parent, cancellationToken);
        OptionNames.Check(() => BenchmarkWorkflow.RunRows(plan, rows, Log, BenchmarkStepLines.Every10th(plan.Steps, Log), parent.Token, threads), OptionTables.BenchmarkScale);
        return 0;
    }
}

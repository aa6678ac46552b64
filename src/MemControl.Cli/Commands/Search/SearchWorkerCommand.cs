using System.ComponentModel;
using MemControl.Cli.Search;
using MemControl.Search;
using MemControl.Storage;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Processes;
using MemControl.Workflow.Search;

namespace MemControl.Cli.Commands.Search;

/// <summary>
/// The loop one machine runs: ask → evaluate → tell until the study holds --trials complete trials, with a
/// heartbeat while a trial runs and the trials of dead workers failed and re-queued. The objective is a benchmark
/// problem, or with <c>--objective memcontrol --settings search.json</c> the MemControl objective of a
/// <c>memcontrol search</c> (one fine-tuning per trial), joining that search's study.
/// </summary>
public sealed class SearchWorkerCommand(IAnsiConsole console) : Command<SearchWorkerCommand.Settings>
{
    public sealed class Settings : SearchEngineSettings
    {
        [CommandOption("--worker-index <I>")]
        [Description("This worker's index (added to --seed so workers draw different numbers).")]
        public int WorkerIndex { get; init; }

        [CommandOption("--objective <KIND>")]
        [Description("benchmark (default: --problem) or memcontrol (the fine-tuning objective of the search in --settings).")]
        public string Objective { get; init; } = "benchmark";

        [CommandOption("--settings <FILE>")]
        [Description("With --objective memcontrol: the search.json that `memcontrol search` wrote when it started.")]
        public string? SearchSettingsFile { get; init; }

        [CommandOption("--method <M>")]
        [Description("With --objective memcontrol: which method's study to join (default: the search's first).")]
        public string? Method { get; init; }

        [CommandOption("--threads <T>")]
        [Description("With --objective memcontrol: torch threads of this worker.")]
        public int? Threads { get; init; }

        [CommandOption("--parent <PID>")]
        [Description("With --objective memcontrol: the search that started this worker; when it is gone (killed), the worker stops too.")]
        public int? Parent { get; init; }

        public override ValidationResult Validate() =>
            Objective.ToLowerInvariant() is not ("benchmark" or "memcontrol")
                ? ValidationResult.Error($"--objective: unknown objective '{Objective}'; choose benchmark or memcontrol.")
                : Objective.Equals("memcontrol", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(SearchSettingsFile)
                    ? ValidationResult.Error("--settings <search.json> is required with --objective memcontrol.")
                    : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Objective.Equals("memcontrol", StringComparison.OrdinalIgnoreCase))
        {
            return OptionNames.Check(() => RunMemControl(settings, cancellationToken), OptionTables.SearchScale);
        }

        if (OptionNames.Parsed("--storage", () => StorageUrl.Parse(settings.Storage)).Kind == "memory")
        {
            throw new ArgumentException("--storage: a worker needs a shared storage (sqlite:///… or postgresql://…).");
        }

        using var storage = StudyStorages.Open(settings.Storage, line => console.WriteLine(line));
        var study = Study.CreateOrLoad(storage, settings.StudyName, SearchEngineFactory.BenchmarkDirections,
            SearchEngineFactory.Sampler(settings, settings.WorkerIndex));
        study.Optimize(SearchEngineFactory.Objective(settings), settings.Trials,
            SearchEngineFactory.WorkerOptions(settings, line => console.WriteLine($"[{study.Worker}] {line}")), cancellationToken);
        return 0;
    }

    /// <summary>Joins a MemControl search: the same objective (settings from its search.json), the study of one method.</summary>
    private int RunMemControl(Settings settings, CancellationToken cancellationToken)
    {
        var summary = SearchSummary.Load(settings.SearchSettingsFile!);
        var options = summary.Settings with { Storage = settings.Storage ?? summary.Settings.Storage, TorchThreads = settings.Threads ?? summary.Settings.TorchThreads };
        options.Validate();
        var method = settings.Method ?? options.Methods[0];
        if (!options.Methods.Contains(method))
        {
            throw new ArgumentException($"--method: the search in '{settings.SearchSettingsFile}' has no study for '{method}' (it has {string.Join(", ", options.Methods)})");
        }

        if (options.TorchThreads is { } threads)
        {
            TorchSharp.torch.set_num_threads(threads);
        }

        using var storage = StudyStorages.Open(options.StorageUrl);
        using var objective = new MemControlObjective(options, method, SearchRunner.MethodFolder(options, method), console.WriteLine);
        var study = Study.CreateOrLoad(storage, options.StudyName(method), SearchRunner.Directions, SearchRunner.Sampler(options, settings.WorkerIndex));
        // One trial per line even when redirected (a parent `search --workers` reads these lines).
        console.Profile.Width = Math.Max(console.Profile.Width, 400);
        var progress = new LineSearchProgress(console.WriteLine);
        using var parent = new ParentWatch(settings.Parent, cancellationToken);
        study.Optimize(SearchRunner.Objective(objective, method, progress, parent.Token), options.Trials,
            SearchRunner.WorkerOptions(options, line => console.WriteLine($"[{study.Worker}] {line}")), parent.Token);
        return 0;
    }
}

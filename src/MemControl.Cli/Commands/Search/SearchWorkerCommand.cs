using System.ComponentModel;
using MemControl.Search;
using MemControl.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Search;

/// <summary>
/// The loop one machine runs: ask → evaluate → tell until the study holds --trials complete trials, with a
/// heartbeat while a trial runs and the trials of dead workers failed and re-queued. The objective is a benchmark
/// problem for now (the fine-tuning objective plugs into the same loop).
/// </summary>
public sealed class SearchWorkerCommand(IAnsiConsole console) : Command<SearchWorkerCommand.Settings>
{
    public sealed class Settings : SearchEngineSettings
    {
        [CommandOption("--worker-index <I>")]
        [Description("This worker's index (added to --seed so workers draw different numbers).")]
        public int WorkerIndex { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (StorageUrl.Parse(settings.Storage).Kind == "memory")
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
}

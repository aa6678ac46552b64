using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MemControl.Search;
using MemControl.Search.Pareto;
using MemControl.Search.Problems;
using MemControl.Storage;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Processes;

namespace MemControl.Cli.Commands.Search;

/// <summary>
/// Runs the search engine on a standard benchmark problem (no diffusion model) and prints JSON: trials, the front,
/// and its hypervolume at the reference point (1.1, 1.1) next to the true front's. With --workers W it starts W
/// `search worker` processes on the storage and waits for them.
/// </summary>
public sealed class SearchBenchCommand(IAnsiConsole console) : Command<SearchBenchCommand.Settings>
{
    private static readonly (double F1, double F2) Reference = (1.1, 1.1);

    public sealed class Settings : SearchEngineSettings
    {
        [CommandOption("--workers <W>")]
        [Description("Worker processes sharing the study (needs --storage); 1 = run in this process.")]
        public int Workers { get; init; } = 1;

        public override ValidationResult Validate() =>
            Workers < 1 ? ValidationResult.Error("--workers must be at least 1.") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var url = OptionNames.Parsed("--storage", () => StorageUrl.Parse(settings.Storage));
        if (settings.Workers > 1 && url.Kind == "memory")
        {
            throw new ArgumentException("--workers: several worker processes need a shared --storage (sqlite:///… or postgresql://…).");
        }

        var clock = Stopwatch.StartNew();
        using var storage = StudyStorages.Open(url);
        var study = Study.CreateOrLoad(storage, settings.StudyName, SearchEngineFactory.BenchmarkDirections, SearchEngineFactory.Sampler(settings));
        if (settings.Workers == 1)
        {
            study.Optimize(SearchEngineFactory.Objective(settings), settings.Trials, SearchEngineFactory.WorkerOptions(settings, console.WriteLine), cancellationToken);
        }
        else
        {
            RunWorkers(settings, cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        console.Profile.Width = Math.Max(console.Profile.Width, 200);
        Console.Out.WriteLine(JsonSerializer.Serialize(Summary(study, settings, url, seconds), new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static object Summary(Study study, Settings settings, StorageUrl url, double seconds)
    {
        var trials = study.GetTrials();
        var front = study.BestTrials();
        var problem = BenchmarkProblems.ByName(settings.Problem);
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        return new
        {
            problem = problem.Name,
            sampler = settings.Sampler,
            crossover = settings.Crossover,
            mutation = settings.Mutation,
            population = settings.Population,
            seed = settings.Seed,
            storage = url.Display,
            study = study.Name,
            workers = settings.Workers,
            trials = new
            {
                total = trials.Count,
                complete = complete.Count,
                failed = trials.Count(t => t.State == TrialState.Failed),
                pruned = trials.Count(t => t.State == TrialState.Pruned),
            },
            reference_point = new[] { Reference.F1, Reference.F2 },
            hypervolume = Math.Round(Hypervolume.Of2D(complete.Select(t => (t.Values![0], t.Values[1])), Reference), 6),
            true_front_hypervolume = Math.Round(Hypervolume.Of2D(problem.TrueFront(100_001), Reference), 6),
            seconds = Math.Round(seconds, 3),
            front = front.OrderBy(t => t.Values![0]).Select(t => new { number = t.Number, values = t.Values }).ToList(),
        };
    }

    /// <summary>Starts the worker processes (this same program, `search worker …`) and waits for all of them.</summary>
    private static void RunWorkers(Settings settings, CancellationToken cancellationToken)
    {
        var processes = new List<Process>();
        for (var w = 0; w < settings.Workers; w++)
        {
            var start = WorkerStartInfo(settings, w);
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process.");
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            processes.Add(process);
        }

        using var registration = cancellationToken.Register(() => processes.ForEach(p => p.Kill()));
        foreach (var process in processes)
        {
            process.WaitForExit();
        }

        var failedWorkers = processes.Count(p => p.ExitCode != 0);
        if (failedWorkers > 0)
        {
            Console.Error.WriteLine($"search bench: {failedWorkers} of {processes.Count} workers exited with an error (output above).");
        }
    }

    private static ProcessStartInfo WorkerStartInfo(Settings s, int index)
    {
        string[] arguments =
        [
            "search", "worker", "--storage", s.Storage!, "--study", s.StudyName, "--problem", s.Problem, "--sampler", s.Sampler,
            "--trials", Invariant(s.Trials), "--population", Invariant(s.Population), "--crossover", s.Crossover, "--mutation", s.Mutation,
            "--delay-ms", Invariant(s.DelayMs), "--heartbeat-s", Invariant(s.HeartbeatSeconds), "--grace-s", Invariant(s.GraceSeconds),
            "--worker-index", Invariant(index),
            .. s.Seed is { } seed ? new[] { "--seed", Invariant(seed) } : [],
        ];
        return MemControlProgram.StartInfo(arguments);
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using MemControl.Search;
using MemControl.Storage;
using MemControl.Workflow.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Search;

/// <summary>
/// <c>memcontrol search submit</c>: the search as a Slurm array, one worker per task (docs/cluster.md). The study is
/// prepared here (<see cref="SearchSubmission.Prepare"/>), the script and jobs.json go to <c>&lt;out&gt;/slurm/</c>.
/// Rerunning it on the same folder submits a fresh array on the same study.
/// </summary>
public sealed class SearchSubmitCommand(IAnsiConsole console) : Command<SearchSubmitSettings>
{
    public override int Execute(CommandContext context, SearchSubmitSettings settings, CancellationToken cancellationToken)
    {
        var slurm = new SlurmOptions
        {
            Tasks = settings.Workers,
            JobName = settings.IsProblem ? $"memcontrol-{settings.Problem!.ToLowerInvariant()}" : "memcontrol-search",
            Partition = settings.Partition,
            Account = settings.Account,
            Time = settings.Time,
            GpusPerTask = settings.GpusPerTask ?? (!settings.IsProblem && settings.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) ? 1 : 0),
            CpusPerTask = settings.Threads,
            Requeue = settings.Requeue,
            ExtraArguments = settings.SbatchArguments,
        };
        OptionNames.Check(slurm.Validate, OptionTables.SearchSlurm);
        // The run folder first: a study file given inside it (sqlite:///<out>/study.db) needs it to exist.
        Directory.CreateDirectory(settings.Out!);
        var commands = settings.IsProblem ? ProblemCommands(settings) : SearchCommands(settings);
        var submitted = SlurmSubmission.Submit(settings.Out!, SlurmFiles.SearchScript, "search", slurm, commands, settings.DryRun);
        if (submitted.JobId is null)
        {
            Console.Out.Write(File.ReadAllText(submitted.Script));
            console.MarkupLineInterpolated($"dry run: the study is ready; wrote {submitted.Script}; submit it with: sbatch --parsable {submitted.Script}");
            return 0;
        }

        console.MarkupLineInterpolated($"submitted array job {submitted.JobId} ({slurm.Tasks} task(s)); recorded in {submitted.JobsFile}");
        console.MarkupLineInterpolated($"logs: {Path.Combine(SlurmFiles.FolderOf(settings.Out!), SlurmFiles.Logs)}/{submitted.JobId}_<task>.out");
        console.MarkupLineInterpolated($"follow it: memcontrol search status --storage {settings.Storage ?? "<the search's storage>"} --out {settings.Out}");
        return 0;
    }

    /// <summary>
    /// The MemControl search, prepared here even in a dry run (which is how workers that Slurm does not start, such as
    /// a Kubernetes Job's, get their study and search.json); each task runs the workers of its methods.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<string>> SearchCommands(SearchSubmitSettings settings)
    {
        var options = SearchCommand.Options(settings);
        return SearchSubmission.WorkerCommands(options, OptionNames.Check(() => SearchSubmission.Prepare(options, settings.Workers, settings.SingleNode), OptionTables.Search));
    }

    /// <summary>The search's own defaults (SearchOptions), for a test problem's study when --trials/--population are not given.</summary>
    private const int DefaultTrials = 100;

    private const int DefaultPopulation = 50;

    /// <summary>A test problem's study, created here so that a bad storage fails now rather than in every task.</summary>
    private static IReadOnlyList<IReadOnlyList<string>> ProblemCommands(SearchSubmitSettings s)
    {
        var engine = new SearchEngineSettings
        {
            Problem = s.Problem!.ToLowerInvariant(), Trials = s.Trials ?? DefaultTrials, Population = s.Population ?? DefaultPopulation, Seed = s.Seed, Storage = s.Storage,
            DelayMs = s.DelayMs, HeartbeatSeconds = s.HeartbeatSeconds, GraceSeconds = s.GraceSeconds,
        };
        if (engine.Validate() is { Successful: false } invalid)
        {
            throw new ArgumentException(invalid.Message);
        }

        var url = OptionNames.Parsed("--storage", () => StorageUrl.Parse(engine.Storage));
        ClusterStorage.RequireShared(url, s.Workers, s.SingleNode);
        using (var storage = StudyStorages.Open(url))
        {
            Study.CreateOrLoad(storage, engine.StudyName, SearchEngineFactory.BenchmarkDirections, SearchEngineFactory.Sampler(engine));
        }

        return
        [
            SearchSubmission.Program(
            [
                "search", "worker", "--storage", engine.Storage!, "--study", engine.StudyName, "--problem", engine.Problem, "--sampler", engine.Sampler,
                "--trials", Invariant(engine.Trials), "--population", Invariant(engine.Population), "--seed", Invariant(s.Seed),
                "--delay-ms", Invariant(engine.DelayMs), "--heartbeat-s", Invariant(engine.HeartbeatSeconds), "--grace-s", Invariant(engine.GraceSeconds),
                "--worker-index", SlurmScript.TaskIndex,
            ]),
        ];
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using MemControl.Search;
using MemControl.Search.Storage;
using MemControl.Storage;
using MemControl.Workflow.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Search;

/// <summary>Shows the studies of a storage: trials by state, the best front, running trials with worker and heartbeat age.</summary>
public sealed class SearchStatusCommand(IAnsiConsole console) : Command<SearchStatusCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--storage <URL>")]
        [Description("sqlite:///path/study.db or postgresql://user@host:port/db (password from PGPASSWORD).")]
        public string? Storage { get; init; }

        [CommandOption("--study <NAME>")]
        [Description("Only this study (default: every study in the storage).")]
        public string? Study { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("A run folder given to `search submit`: also list its Slurm array tasks (<out>/slurm/jobs.json, squeue).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Storage) ? ValidationResult.Error("--storage is required.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var url = OptionNames.Parsed("--storage", () => StorageUrl.Parse(settings.Storage));
        using var storage = StudyStorages.OpenExisting(url);
        var studies = settings.Study is { } name
            ? [storage.FindStudy(name) ?? throw new ArgumentException($"--study: no study named '{name}' in {url.Display}.")]
            : storage.GetAllStudies();
        var now = storage.Now();
        var reports = studies.Select(info => Report(storage, info, now)).ToList();
        var slurm = settings.Out is { } runFolder ? SlurmStatus.Of(runFolder) : null;
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { storage = url.Display, studies = reports, slurm }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            return 0;
        }

        console.MarkupLineInterpolated($"[bold]{url.Display}[/]: {reports.Count} stud{(reports.Count == 1 ? "y" : "ies")}");
        foreach (var report in reports)
        {
            Render(report);
        }

        if (slurm is not null)
        {
            RenderSlurm(slurm);
        }

        return 0;
    }

    private static StudyReport Report(IStudyStorage storage, StudyInfo info, DateTimeOffset now)
    {
        var study = Study.Load(storage, info.Name);
        var trials = study.GetTrials();
        return new StudyReport(
            info.Name,
            info.Directions.Select(d => d.ToString().ToLowerInvariant()).ToArray(),
            Enum.GetValues<TrialState>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => trials.Count(t => t.State == s)),
            study.BestTrials().OrderBy(t => t.Values![0]).Select(t => new FrontRow(t.Number, t.Values!)).ToList(),
            trials.Where(t => t.State == TrialState.Running)
                .Select(t => new RunningRow(t.Number, t.Worker, t.Heartbeat is { } h ? Math.Max(0, Math.Round((now - h).TotalSeconds, 1)) : null))
                .ToList());
    }

    private void Render(StudyReport report)
    {
        console.WriteLine();
        console.MarkupLineInterpolated($"study [bold]{report.Name}[/] ({string.Join(", ", report.Directions)})");
        console.WriteLine("trials: " + string.Join(", ", report.Trials.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} {kv.Key}")));
        if (report.Front.Count > 0)
        {
            var front = new Table().AddColumn("trial");
            for (var i = 0; i < report.Directions.Count; i++)
            {
                front.AddColumn($"objective {i}");
            }

            foreach (var row in report.Front)
            {
                front.AddRow([row.Number.ToString(CultureInfo.InvariantCulture), .. row.Values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture))]);
            }

            console.WriteLine("best front:");
            console.Write(front);
        }

        if (report.Running.Count > 0)
        {
            var running = new Table().AddColumn("trial").AddColumn("worker").AddColumn("heartbeat age (s)");
            foreach (var row in report.Running)
            {
                running.AddRow(row.Number.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.Worker ?? "?"), row.HeartbeatAgeSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "?");
            }

            console.WriteLine("running:");
            console.Write(running);
        }
    }

    private void RenderSlurm(SlurmStatus slurm)
    {
        console.WriteLine();
        foreach (var job in slurm.Jobs)
        {
            var listed = slurm.Tasks.Count(t => t.Id.StartsWith(job.JobId + "_", StringComparison.Ordinal) || t.Id == job.JobId);
            console.WriteLine($"slurm array {job.JobId} ({job.Kind}, {job.Tasks} task(s), submitted {job.Submitted:u}): {(listed == 0 ? "ended" : $"{listed} task(s) pending or running")}");
        }

        if (slurm.Tasks.Count > 0)
        {
            var tasks = new Table().AddColumn("task").AddColumn("state").AddColumn("node (reason)").AddColumn("time");
            foreach (var task in slurm.Tasks)
            {
                tasks.AddRow(Markup.Escape(task.Id), Markup.Escape(task.State), Markup.Escape(task.NodeOrReason), Markup.Escape(task.Elapsed));
            }

            console.Write(tasks);
        }
    }

    private sealed record StudyReport(string Name, IReadOnlyList<string> Directions, IReadOnlyDictionary<string, int> Trials, IReadOnlyList<FrontRow> Front, IReadOnlyList<RunningRow> Running);

    private sealed record FrontRow(int Number, IReadOnlyList<double> Values);

    private sealed record RunningRow(int Number, string? Worker, double? HeartbeatAgeSeconds);
}

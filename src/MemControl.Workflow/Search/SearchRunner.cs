using System.Diagnostics;
using MemControl.Search;
using MemControl.Search.Samplers;
using MemControl.Search.Samplers.NsgaII;
using MemControl.Search.Storage;
using MemControl.Storage;
using static TorchSharp.torch;

namespace MemControl.Workflow.Search;

/// <summary>
/// A whole MemControl search (docs/decisions.md §7), the entry point of <c>memcontrol search</c> and of the demo: per method one
/// NSGA-II study in the storage, its vanilla configuration queued first, trials run here or by local worker
/// processes, then the front, the plot and the picked mask. With several methods their points also form the global
/// front, whose pick is the top-level mask.json. Rerunning with the same folder resumes: complete trials are kept,
/// interrupted ones queued again (<see cref="InterruptedTrials"/>), and the study continues to the budget.
/// </summary>
public static class SearchRunner
{
    public static readonly StudyDirection[] Directions = [StudyDirection.Minimize, StudyDirection.Minimize];

    public static SearchOutcome Run(SearchOptions options, ISearchProgress progress, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var folder = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(folder);
        if (options.TorchThreads is { } threads)
        {
            set_num_threads(threads);
        }

        if (Earlier(folder) is { } earlier)
        {
            options.RequireSameMeasurement(earlier.Settings);
        }

        var url = StorageUrl.Parse(options.StorageUrl);

        // The run's splits and memorization set are settled here, once, before any worker process reads them.
        SearchData.Build(options, progress.Status);
        var clock = Stopwatch.StartNew();
        new SearchSummary(SearchSummary.CurrentVersion, SearchSummary.Running, options, url.Display, null, [], null, null, 0).Save(folder);
        using var storage = StudyStorages.Open(url);
        var perMethodFolders = options.Methods.Count > 1;
        var rows = new Dictionary<string, IReadOnlyList<SearchTrialRow>>();
        var points = new List<SearchPoint>();
        var studies = new List<StudySummary>();
        var picks = new Dictionary<string, (MaskContext Masks, Study Study)>();
        string? identity = null;
        return progress.Run(() =>
        {
            foreach (var method in options.Methods)
            {
                var methodFolder = MethodFolder(options, method);
                var (masks, methodPoints, study) = RunMethod(options, method, methodFolder, storage, progress, rows, cancellationToken);
                identity = masks.Identity;
                picks[method] = (masks, study);
                points.AddRange(methodPoints);
                var front = SearchFront.Of(methodPoints, $"study {study.Name}");
                FrontFiles.Write(methodFolder, front, ObjectiveName(options));
                var picked = study.GetTrials().Single(t => t.Number == front.Picked.Trial);
                masks.MaskFileOf(picked).Save(Path.Combine(methodFolder, SearchFiles.Mask));
                var trials = study.GetTrials();
                studies.Add(new StudySummary(method, study.Name, trials.Count(t => t.State == TrialState.Complete),
                    trials.Count(t => t.State == TrialState.Failed), front.Front.Count, front.Picked));
            }

            var global = perMethodFolders ? SearchFront.Of(points, "the search") : SearchFront.Of(points, $"study {options.StudyName(options.Method)}");
            var maskPath = Path.Combine(folder, SearchFiles.Mask);
            if (perMethodFolders)
            {
                FrontFiles.Write(folder, global, ObjectiveName(options));
                var (masks, study) = picks[global.Picked.Method];
                masks.MaskFileOf(study.GetTrials().Single(t => t.Number == global.Picked.Trial)).Save(maskPath);
            }

            new SearchSummary(SearchSummary.CurrentVersion, SearchSummary.Finished, options, url.Display, identity, studies, global.Picked,
                SearchFiles.Mask, Math.Round(clock.Elapsed.TotalSeconds, 3)).Save(folder);
            if (global.Tied.Count > 0)
            {
                progress.Status($"the pick is {global.TieNote}. More trials, or the measured spread of the objective (docs/search.md), say whether they differ at all.");
            }

            progress.Status($"picked {global.Picked.Method} trial {global.Picked.Trial} (bits {global.Picked.Bits}); wrote {SearchFiles.Mask}, {SearchFiles.FrontCsv}, {SearchFiles.FrontJson}, {SearchFiles.Plot}, {SearchFiles.Summary} to {folder}");
            return new SearchOutcome(maskPath, global, folder, studies);
        });
    }

    /// <summary>The search.json an earlier run left in <paramref name="folder"/> (null when none, or unreadable: it is rewritten).</summary>
    private static SearchSummary? Earlier(string folder)
    {
        var path = Path.Combine(folder, SearchFiles.Summary);
        try
        {
            return File.Exists(path) ? SearchSummary.Load(path) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Where a method's trials, front and mask go: the search folder, or a subfolder per method with several.</summary>
    public static string MethodFolder(SearchOptions options, string method) =>
        options.Methods.Count > 1 ? Path.Combine(Path.GetFullPath(options.Output), method) : Path.GetFullPath(options.Output);

    /// <summary>The sampler of a study: NSGA-II with the search's population; workers add their index to the seed.</summary>
    public static ISampler Sampler(SearchOptions options, int workerIndex = 0) =>
        new NsgaIISampler(new NsgaIIOptions { PopulationSize = options.Population, Seed = options.Seed + workerIndex });

    public static OptimizeOptions WorkerOptions(SearchOptions options, Action<string>? log) => new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(options.HeartbeatSeconds),
        StaleGrace = TimeSpan.FromSeconds(options.GraceSeconds),
        IdlePoll = TimeSpan.FromMilliseconds(500),
        Log = log,
    };

    /// <summary>The objective function of a study: one fine-tuning and its two measures, reporting to <paramref name="progress"/>.</summary>
    public static Func<Trial, IReadOnlyList<double>> Objective(MemControlObjective objective, string method, ISearchProgress progress, CancellationToken cancellationToken) =>
        trial =>
        {
            progress.Status($"{method} trial {trial.Number}: fine-tuning {objective.Data.Memorization.HpoTraining.Items.Count} D_HPO images, then measuring");
            return objective.Evaluate(trial, progress.Step, cancellationToken);
        };

    private static (MaskContext Masks, List<SearchPoint> Points, Study Study) RunMethod(
        SearchOptions options, string method, string methodFolder, IStudyStorage storage, ISearchProgress progress,
        Dictionary<string, IReadOnlyList<SearchTrialRow>> rows, CancellationToken cancellationToken)
    {
        MemControlObjective? objective = null;
        try
        {
            progress.Status($"{method}: loading the model and preparing the memorization set, D_HPO and the FD references");
            objective = options.Workers == 1 ? new MemControlObjective(options, method, methodFolder, progress.Status) : null;
            var masks = objective?.Masks ?? MaskContext.Load(options, method);
            var study = Study.CreateOrLoad(storage, options.StudyName(method), Directions, Sampler(options));
            if (study.GetTrials().Count == 0)
            {
                study.Enqueue(MaskGenes.Vanilla(masks.Layout, options.LearningRates, options.VanillaLearningRate));
            }

            var requeued = InterruptedTrials.Requeue(study);
            var done = study.GetTrials().Count(t => t.State == TrialState.Complete);
            progress.Status(requeued.Count > 0
                ? $"{method}: resuming with {done} complete trial(s); interrupted trial(s) {string.Join(", ", requeued)} queued again"
                : $"{method}: {done} of {options.Trials} trials complete");

            void ShowTrials()
            {
                rows[method] = study.GetTrials().Select(t => SearchTrialRow.From(method, t, masks.Layout)).ToList();
                progress.Trials(rows.Values.SelectMany(r => r).ToList());
            }

            ShowTrials();
            if (objective is not null)
            {
                var evaluate = Objective(objective, method, progress, cancellationToken);
                study.Optimize(trial => { ShowTrials(); return evaluate(trial); }, options.Trials, WorkerOptions(options, progress.Status), cancellationToken);
            }
            else
            {
                LocalWorkers.Run(options, method, methodFolder, () => ShowTrials(), progress, cancellationToken);
            }

            ShowTrials();
            cancellationToken.ThrowIfCancellationRequested();
            var points = study.GetTrials().Where(t => t.State == TrialState.Complete)
                .Select(t => masks.PointOf(method, t, options.VanillaLearningRate)).ToList();
            return (masks, points, study);
        }
        finally
        {
            objective?.Dispose();
        }
    }

    private static string ObjectiveName(SearchOptions options) => options.Objective.ToString().ToLowerInvariant();
}

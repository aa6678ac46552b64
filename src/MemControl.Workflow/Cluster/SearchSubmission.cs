using MemControl.Search;
using MemControl.Storage;
using MemControl.Workflow.Processes;
using MemControl.Workflow.Search;

namespace MemControl.Workflow.Cluster;

/// <summary>
/// A MemControl search run by a Slurm array: this process (the login node) prepares what <see cref="SearchRunner"/>
/// prepares before its first trial — the options checked against an earlier search in the folder, search.json, each
/// method's study with its vanilla configuration queued first — and each array task runs
/// <c>search worker --objective memcontrol --settings search.json</c> for the methods in order.
/// Preparing again (a resubmission) keeps the studies: complete trials stay, and the RUNNING trials of dead tasks are
/// failed and re-queued by the workers' heartbeat check.
/// </summary>
public static class SearchSubmission
{
    /// <summary>Checks the options and the storage, writes search.json and creates the studies; returns search.json's path.</summary>
    public static string Prepare(SearchOptions options, int tasks, bool singleNode)
    {
        options.Validate();
        var url = StorageUrl.Parse(options.StorageUrl);
        ClusterStorage.RequireShared(url, tasks, singleNode);
        var folder = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(folder);
        var summaryPath = Path.Combine(folder, SearchFiles.Summary);
        if (File.Exists(summaryPath))
        {
            options.RequireSameMeasurement(SearchSummary.Load(summaryPath).Settings);
        }

        using var storage = StudyStorages.Open(url);
        foreach (var method in options.Methods)
        {
            var study = Study.CreateOrLoad(storage, options.StudyName(method), SearchRunner.Directions, SearchRunner.Sampler(options));
            if (study.GetTrials().Count == 0)
            {
                var masks = MaskContext.Load(options, method);
                study.Enqueue(MaskGenes.Vanilla(masks.Layout, options.LearningRates, options.VanillaLearningRate));
            }

            // A task stopped by scancel or its time limit fails its trial as "cancelled", which no heartbeat check
            // re-queues: a resubmission queues those again, as a rerun of `search` does.
            InterruptedTrials.Requeue(study);
        }

        new SearchSummary(SearchSummary.CurrentVersion, SearchSummary.Running, options, url.Display, null, [], null, null, 0).Save(folder);
        return summaryPath;
    }

    /// <summary>Each task's command lines: one worker per method, in the order the search runs them.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> WorkerCommands(SearchOptions options, string settingsPath) =>
        options.Methods.Select(method => Program(
            ["search", "worker", "--objective", "memcontrol", "--settings", Path.GetFullPath(settingsPath), "--method", method, "--worker-index", SlurmScript.TaskIndex]))
            .ToList();

    /// <summary>The memcontrol program with <paramref name="arguments"/>, as a command line for the batch script.</summary>
    public static IReadOnlyList<string> Program(IEnumerable<string> arguments)
    {
        var start = MemControlProgram.StartInfo(arguments);
        return [start.FileName, .. start.ArgumentList];
    }
}

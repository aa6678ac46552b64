using System.Text.Json;
using MemControl.Models.Loading;
using MemControl.Workflow.Search;

namespace MemControl.Workflow.Cluster;

/// <summary>
/// <c>&lt;out&gt;/slurm/jobs.json</c>, version 1: every array submitted for this run folder, oldest first. A resubmission
/// appends, so <c>search status</c> shows the tasks of all of them; the file is replaced whole (never half-written).
/// </summary>
public sealed record SlurmJobs(int Version, IReadOnlyList<SlurmJob> Jobs)
{
    public const int CurrentVersion = 1;

    public static string PathIn(string slurmFolder) => Path.Combine(slurmFolder, SlurmFiles.Jobs);

    /// <summary>The jobs recorded in <paramref name="slurmFolder"/> (none when there is no jobs.json).</summary>
    public static SlurmJobs Load(string slurmFolder)
    {
        var path = PathIn(slurmFolder);
        if (!File.Exists(path))
        {
            return new SlurmJobs(CurrentVersion, []);
        }

        try
        {
            var jobs = JsonSerializer.Deserialize<SlurmJobs>(File.ReadAllText(path), SearchJson.Options)
                ?? throw new InvalidDataException($"'{path}' is empty");
            return jobs.Version == CurrentVersion && jobs.Jobs is not null
                ? jobs
                : throw new InvalidDataException($"'{path}': field 'version' is {jobs.Version}; this memcontrol reads version {CurrentVersion}");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"'{path}' is not a jobs.json: {error.Message}", error);
        }
    }

    /// <summary>Adds <paramref name="job"/> to the jobs.json of <paramref name="slurmFolder"/>.</summary>
    public static SlurmJobs Append(string slurmFolder, SlurmJob job)
    {
        var jobs = new SlurmJobs(CurrentVersion, [.. Load(slurmFolder).Jobs, job]);
        AtomicFile.WriteText(PathIn(slurmFolder), JsonSerializer.Serialize(jobs, SearchJson.Options));
        return jobs;
    }
}

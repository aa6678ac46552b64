namespace MemControl.Workflow.Cluster;

/// <summary>The arrays submitted for a run folder (jobs.json) and those of their tasks that Slurm still lists.</summary>
public sealed record SlurmStatus(IReadOnlyList<SlurmJob> Jobs, IReadOnlyList<SlurmTask> Tasks)
{
    /// <summary>The status of <paramref name="runFolder"/>'s arrays, or null when none was submitted from it.</summary>
    public static SlurmStatus? Of(string runFolder)
    {
        var folder = SlurmFiles.FolderOf(runFolder);
        var jobs = SlurmJobs.Load(folder).Jobs;
        return jobs.Count == 0 ? null : new SlurmStatus(jobs, SlurmQueue.Tasks(jobs.Select(j => j.JobId)));
    }
}

namespace MemControl.Workflow.Cluster;

/// <summary>
/// The tasks of some arrays that Slurm still knows (pending, running, completing); a task that is not listed has
/// ended. <c>squeue</c> rather than <c>sacct</c>: it needs no accounting database, which many small clusters lack.
/// </summary>
public static class SlurmQueue
{
    public static IReadOnlyList<SlurmTask> Tasks(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        // %i: job_task id, %T: state, %R: node list or the reason it waits, %M: time used.
        var output = SlurmCommand.Run("squeue", ["--array", "--noheader", $"--jobs={string.Join(',', ids)}", "--format=%i|%T|%R|%M"], TimeSpan.FromSeconds(30));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Where(fields => fields.Length == 4)
            .Select(fields => new SlurmTask(fields[0], fields[1], fields[2], fields[3]))
            .ToList();
    }
}

namespace MemControl.Workflow.Cluster;

/// <summary>The names of what a submission writes under <c>&lt;out&gt;/slurm/</c> (docs/cluster.md).</summary>
public static class SlurmFiles
{
    public const string Folder = "slurm";

    public const string SearchScript = "search.sbatch";

    public const string BenchmarkScript = "benchmark.sbatch";

    public const string Jobs = "jobs.json";

    public const string Logs = "logs";

    /// <summary>The environment variable Slurm sets to a task's index in its array; each worker's index.</summary>
    public const string TaskIndexVariable = "SLURM_ARRAY_TASK_ID";

    public static string FolderOf(string runFolder) => Path.Combine(Path.GetFullPath(runFolder), Folder);
}

using MemControl.Models.Loading;

namespace MemControl.Workflow.Cluster;

/// <summary>
/// Writes an array job's script under <c>&lt;out&gt;/slurm/</c>, submits it with <c>sbatch --parsable</c> and records the
/// job in jobs.json. A dry run only writes the script. Running it again submits a fresh array; earlier logs and
/// jobs stay.
/// </summary>
public static class SlurmSubmission
{
    /// <param name="runFolder">The run folder (<c>--out</c>); the script, logs and jobs.json go to its <c>slurm/</c>.</param>
    /// <param name="scriptName">The script's file name (<see cref="SlurmFiles.SearchScript"/> or <see cref="SlurmFiles.BenchmarkScript"/>).</param>
    /// <param name="kind">What the array runs, recorded in jobs.json (search, benchmark).</param>
    /// <param name="commands">Each task's command lines, run in order; <see cref="SlurmScript.TaskIndex"/> stands for the task's index.</param>
    public static SlurmSubmitted Submit(string runFolder, string scriptName, string kind, SlurmOptions options, IReadOnlyList<IReadOnlyList<string>> commands, bool dryRun)
    {
        var folder = SlurmFiles.FolderOf(runFolder);
        options = options with { WorkerIndexOffset = SlurmJobs.Load(folder).Jobs.Where(j => j.Kind == kind).Sum(j => j.Tasks) };
        options.Validate();
        var logs = Path.Combine(folder, SlurmFiles.Logs);
        // Slurm does not create the folder of --output: a task whose log folder is missing fails without a word.
        Directory.CreateDirectory(logs);
        var script = Path.Combine(folder, scriptName);
        AtomicFile.WriteText(script, SlurmScript.Render(options, logs, commands));
        if (dryRun)
        {
            return new SlurmSubmitted(script, null, SlurmJobs.PathIn(folder));
        }

        // --parsable prints "jobid" or "jobid;cluster".
        var output = SlurmCommand.Run("sbatch", ["--parsable", script], TimeSpan.FromMinutes(1)).Trim();
        var jobId = output.Split(';')[0];
        if (jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
        {
            throw new SlurmException($"sbatch answered '{output}' instead of a job id");
        }

        SlurmJobs.Append(folder, new SlurmJob(jobId, kind, options.Tasks, script, DateTimeOffset.UtcNow));
        return new SlurmSubmitted(script, jobId, SlurmJobs.PathIn(folder));
    }
}

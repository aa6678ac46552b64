using System.Diagnostics;
using MemControl.Cli;
using MemControl.Storage;
using MemControl.Workflow.Cluster;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cluster;

/// <summary>The array script and the checks of <c>search submit</c>, without a Slurm (the script's words are run by bash).</summary>
public sealed class SlurmScriptTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-slurm-script-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_script_asks_for_one_array_task_per_worker_with_a_log_per_task_and_passes_the_task_index()
    {
        // Given / When
        var script = SlurmScript.Render(new SlurmOptions { Tasks = 3, Partition = "gpu", Time = "02:00:00", GpusPerTask = 1 }, "/runs/a/slurm/logs",
            [["memcontrol", "search", "worker", "--worker-index", SlurmScript.TaskIndex]]);

        // Then
        var lines = script.Split('\n');
        Assert.Contains("#SBATCH --array=0-2", lines);
        Assert.Contains("#SBATCH --output=/runs/a/slurm/logs/%A_%a.out", lines);
        Assert.Contains("#SBATCH --partition=gpu", lines);
        Assert.Contains("#SBATCH --time=02:00:00", lines);
        Assert.Contains("#SBATCH --gpus-per-task=1", lines);
        Assert.Contains("'memcontrol' 'search' 'worker' '--worker-index' \"$SLURM_ARRAY_TASK_ID\"", lines);
    }

    [Fact]
    public void Arguments_with_quotes_spaces_and_dollars_reach_the_worker_unchanged_and_a_resubmission_continues_the_indices()
    {
        // Given: a path a shell would split or expand, and an array submitted after 3 earlier tasks
        string[] command = ["printf", "%s|", "/data/it's a $HOME `x`", SlurmScript.TaskIndex];
        var script = SlurmScript.Render(new SlurmOptions { Tasks = 2, WorkerIndexOffset = 3 }, folder, [command]);
        var body = string.Join('\n', script.Split('\n').Where(l => !l.StartsWith('#') && !l.StartsWith("echo", StringComparison.Ordinal)));

        // When: bash runs the body as task 1 would
        var start = new ProcessStartInfo("bash", ["-c", body]) { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["SLURM_ARRAY_TASK_ID"] = "1";
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();

        // Then
        Assert.Equal("/data/it's a $HOME `x`|4|", output);
    }

    [Theory]
    [InlineData("Time", "1:00")]
    [InlineData("ExtraArguments", "--mem 32G")]
    [InlineData("Partition", "gpu\n#SBATCH --x")]
    public void A_value_that_would_break_the_script_is_refused_naming_its_property(string property, string value)
    {
        var options = property switch
        {
            "Time" => new SlurmOptions { Tasks = 1, Time = value },
            "ExtraArguments" => new SlurmOptions { Tasks = 1, ExtraArguments = [value] },
            _ => new SlurmOptions { Tasks = 1, Partition = value },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith(property + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_is_refused_for_several_tasks_unless_they_run_on_one_node_and_postgresql_is_accepted()
    {
        var sqlite = StorageUrl.Parse("sqlite:///runs/study.db");

        var error = Assert.Throws<ArgumentException>(() => ClusterStorage.RequireShared(sqlite, 3, singleNode: false));

        Assert.Contains("cannot be shared between nodes", error.Message, StringComparison.Ordinal);
        ClusterStorage.RequireShared(sqlite, 3, singleNode: true);
        ClusterStorage.RequireShared(sqlite, 1, singleNode: false);
        ClusterStorage.RequireShared(StorageUrl.Parse("postgresql://memcontrol@db:5432/studies"), 3, singleNode: false);
    }

    [Fact]
    public void A_dry_run_creates_the_study_and_writes_the_worker_script_of_a_test_problem_but_submits_nothing()
    {
        // Given
        var run = Path.Combine(folder, "run");
        var console = new TestConsole();

        // When
        var exitCode = MemControlApp.Run(["search", "submit", "--problem", "zdt1", "--workers", "2", "--storage", $"sqlite:///{folder}/study.db", "--single-node",
            "--out", run, "--trials", "40", "--sbatch-arg=--mem=2G", "--dry-run"], console);

        // Then
        Assert.Equal(0, exitCode);
        var script = File.ReadAllText(Path.Combine(run, "slurm", "search.sbatch"));
        Assert.Contains("#SBATCH --array=0-1", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --mem=2G", script, StringComparison.Ordinal);
        Assert.Contains("'search' 'worker'", script, StringComparison.Ordinal);
        Assert.Contains("'--problem' 'zdt1'", script, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "slurm", "jobs.json")), "a dry run recorded a job");
        using var storage = StudyStorages.Open($"sqlite:///{folder}/study.db");
        Assert.NotNull(storage.FindStudy("zdt1-nsga2"));
    }

    [Fact]
    public void Submitting_with_sqlite_and_several_workers_exits_with_one_line_that_says_why()
    {
        var console = new TestConsole();

        var exitCode = MemControlApp.Run(["search", "submit", "--problem", "zdt1", "--workers", "3", "--storage", $"sqlite:///{folder}/study.db",
            "--out", Path.Combine(folder, "run"), "--dry-run"], console);

        Assert.Equal(2, exitCode);
        Assert.Contains("SQLite", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", console.Output, StringComparison.Ordinal);
    }
}

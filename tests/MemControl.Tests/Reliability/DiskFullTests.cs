using MemControl.Cli;
using MemControl.Models.Loading;
using MemControl.Search;
using MemControl.Storage;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Reliability.Support;
using MemControl.Tests.Support;
using MemControl.Training.Checkpoints;

namespace MemControl.Tests.Reliability;

/// <summary>
/// The disk fills up while a search or a training run writes: one clear line and a non-zero exit code, never a stack
/// trace, and everything finished before (complete trials, the last checkpoint, the adapter) intact.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public void A_search_that_runs_out_of_disk_stops_with_one_line_and_keeps_its_complete_trials()
    {
        // Given: five complete trials in a SQLite study on a small file system, which then fills up
        using var disk = SmallFileSystem.Mount(megabytes: 8);
        var url = $"sqlite:///{Path.Combine(disk.Path, "study.db")}";
        string[] Worker(int trials) => ["search", "worker", "--storage", url, "--trials", $"{trials}", "--heartbeat-s", "0.2", "--grace-s", "1"];
        var (firstExit, firstPrinted) = TrainRun.Cli(Worker(5));
        Assert.True(firstExit == 0, firstPrinted);
        var before = CompleteTrials(url);
        disk.Fill();

        // When
        var (exitCode, printed) = TrainRun.Cli(Worker(400));

        // Then
        disk.Free();
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains("disk is full", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        var after = CompleteTrials(url);
        Assert.Equal(5, before.Count);
        Assert.All(before, trial => Assert.Equal(trial.Value, after[trial.Key]));
    }

    [Fact]
    public void A_training_run_that_runs_out_of_disk_stops_with_one_line_and_keeps_its_last_checkpoint()
    {
        // Given: a finished two-step run on a small file system, which then fills up
        using var model = ParityPipelineFolder.Create();
        using var disk = SmallFileSystem.Mount(megabytes: 64);
        var output = Path.Combine(disk.Path, "run");
        var (firstExit, firstPrinted) = TrainRun.Train(model.Path, output, steps: 2, "--checkpoint-every", "1");
        Assert.True(firstExit == 0, firstPrinted);
        var adapter = File.ReadAllBytes(Path.Combine(output, "adapter.safetensors"));
        disk.Fill();

        // When: resuming to four steps needs room for the next checkpoint
        var (exitCode, printed) = TrainRun.Train(model.Path, output, steps: 4, "--checkpoint-every", "1", "--resume");

        // Then
        disk.Free();
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains("No space left on device", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.Equal(adapter, File.ReadAllBytes(Path.Combine(output, "adapter.safetensors")));
        var checkpoint = TrainingCheckpoint.Find(output);
        Assert.Equal(Path.Combine(output, TrainingCheckpoint.FolderName), checkpoint);
        Assert.Contains("\"Step\": 2", File.ReadAllText(Path.Combine(checkpoint!, "state.json")), StringComparison.Ordinal);
        using var tensors = SafetensorsFile.Open(Path.Combine(checkpoint!, "trainable.safetensors"));
        Assert.NotEmpty(tensors.Keys);
        Assert.Empty(Directory.GetDirectories(output, $"{TrainingCheckpoint.FolderName}.tmp-*"));
    }

    private static Dictionary<int, IReadOnlyList<double>> CompleteTrials(string url)
    {
        using var storage = StudyStorages.Open(url);
        var study = storage.GetAllStudies().Single();
        return storage.GetTrials(study.StudyId).Where(t => t.State == TrialState.Complete).ToDictionary(t => t.Number, t => t.Values!);
    }
}

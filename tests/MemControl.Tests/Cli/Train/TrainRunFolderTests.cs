using System.Diagnostics;
using MemControl.Cli;
using MemControl.Tests.Reliability.Support;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Train;

/// <summary>What `train` does with an --out folder that already holds a run: refuse to train over it, refuse a resume that changes it, say where an interrupt stopped.</summary>
public sealed class TrainRunFolderTests : IDisposable
{
    private readonly string output = TrainRun.TemporaryFolder();

    [Fact]
    public void Training_onto_a_finished_run_without_resume_is_refused_and_overwrite_replaces_it()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        Assert.Equal(0, TrainRun.Train(model.Path, output, steps: 1).ExitCode);
        var finished = File.ReadAllText(Path.Combine(output, "train.json"));

        // When
        var (refused, printed) = TrainRun.Train(model.Path, output, steps: 2);
        var unchanged = File.ReadAllText(Path.Combine(output, "train.json"));
        var (replaced, _) = TrainRun.Train(model.Path, output, steps: 2, "--overwrite");

        // Then
        Assert.Equal(UserErrors.BadUsage, refused);
        Assert.Contains("--out: ", printed, StringComparison.Ordinal);
        Assert.Contains("holds a finished training run", printed, StringComparison.Ordinal);
        Assert.Contains("continue it with --resume, replace it with --overwrite", printed, StringComparison.Ordinal);
        Assert.Equal(finished, unchanged);
        Assert.Equal(0, replaced);
    }

    [Fact]
    public void A_resume_with_other_data_batch_or_learning_rate_is_refused_naming_each_difference()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        Assert.Equal(0, Train(model.Path, "6", "2", "1e-4", "1").ExitCode);

        // When
        var (exitCode, printed) = Train(model.Path, "8", "3", "1e-3", "2", "--resume");

        // Then
        Assert.Equal(UserErrors.BadUsage, exitCode);
        Assert.Contains("--phantoms 6 (now 8)", printed, StringComparison.Ordinal);
        Assert.Contains("--batch 2 (now 3)", printed, StringComparison.Ordinal);
        Assert.Contains("--lr 0.0001 (now 0.001)", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("--seed", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interrupted_train_says_the_step_the_last_checkpoint_and_to_resume()
    {
        // Given: a long run that checkpoints every step.
        using var model = ParityPipelineFolder.Create();
        using var child = CliProcess.Start([
            "train", "--model", model.Path, "--data", "phantoms", "--phantoms", "6", "--method", "attention", "--batch", "2",
            "--steps", "100000", "--checkpoint-every", "1", "--out", output,
        ]);
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(output, "checkpoint", "state.json")) && deadline.Elapsed < TimeSpan.FromMinutes(2) && !child.HasExited)
        {
            Thread.Sleep(100);
        }

        // When
        using (var signal = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            signal.WaitForExit();
        }

        // Then
        // Generous: on a loaded machine the signal thread and the current step can take a while.
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(3)), child.Output);
        Assert.Equal(UserErrors.Interrupted, child.ExitCode);
        // The console wraps at its width: compare with the line breaks as spaces.
        var printed = System.Text.RegularExpressions.Regex.Replace(child.Output, @"\s+", " ");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(printed, @"interrupted at step \d+; the last checkpoint is step \d+; rerun with --resume"), child.Output);
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private (int ExitCode, string Output) Train(string model, string phantoms, string batch, string lr, string steps, params string[] extra) =>
        TrainRun.Cli([
            "train", "--model", model, "--data", "phantoms", "--phantoms", phantoms, "--method", "attention",
            "--batch", batch, "--lr", lr, "--steps", steps, "--out", output, .. extra,
        ]);
}

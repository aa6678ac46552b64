using MemControl.Training;
using MemControl.Workflow.FineTuning;

namespace MemControl.Tests.Workflow;

/// <summary>
/// <see cref="TrainRunner"/> called from code (what <c>memcontrol train</c> wraps): the SVDs a resumable SV-DIFF run keeps
/// for its resume, and errors that name the request's properties.
/// </summary>
public sealed class TrainRunnerTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"memcontrol-train-runner-{Guid.NewGuid():N}");

    [Fact]
    public void An_interrupted_sv_diff_run_keeps_its_svds_for_the_resume_which_reads_them_and_removes_them_at_the_end()
    {
        // Given: a run checkpointed every 2 steps, cancelled during step 3.
        var request = Request(steps: 4);
        var interrupted = Interrupted(request, atStep: 3);
        var svdFile = Assert.Single(Directory.GetFiles(Path.Combine(output, TrainRunner.SvdCacheFolder), "svd-*.safetensors"));
        var writtenAt = File.GetLastWriteTimeUtc(svdFile);

        // When: resumed; during its steps the file is looked at.
        var unchangedDuringResume = new List<bool>();
        var outcome = TrainRunner.Run(request with { Resume = true }, _ => { }, _ => unchangedDuringResume.Add(File.GetLastWriteTimeUtc(svdFile) == writtenAt), Token);

        // Then: the resume read the factors (a recomputation would have rewritten the file), and the finished run keeps none.
        Assert.Equal(2, interrupted.CheckpointStep);
        Assert.Equal(0, outcome.SvdsComputed);
        Assert.Equal(2, outcome.Result.ResumedFromStep);
        Assert.Equal(4, outcome.Result.Steps);
        Assert.NotEmpty(unchangedDuringResume);
        Assert.All(unchangedDuringResume, Assert.True);
        Assert.False(Directory.Exists(Path.Combine(output, TrainRunner.SvdCacheFolder)));
        Assert.Contains("adapter.safetensors", outcome.Written);
        Assert.Contains("train.json", outcome.Written);
    }

    [Fact]
    public void A_rerun_after_an_interruption_before_the_first_checkpoint_reads_the_svds_the_first_run_saved()
    {
        // Given: a run stopped during step 1, before its first checkpoint (every 2 steps)
        var first = Interrupted(Request(steps: 4), atStep: 1);

        // When: started again, as the message says (no checkpoint, so no resume)
        var outcome = TrainRunner.Run(Request(steps: 4), _ => { }, cancellationToken: Token);

        // Then: nothing decomposed again, the run trained from step 0
        Assert.Null(first.CheckpointStep);
        Assert.Equal(0, outcome.SvdsComputed);
        Assert.Equal(0, outcome.Result.ResumedFromStep);
        Assert.Equal(4, outcome.Result.Steps);
    }

    [Fact]
    public void Overwriting_a_finished_run_leaves_none_of_its_checkpoint_or_report_for_an_interrupted_new_one()
    {
        // Given: a finished run (its checkpoint written at the end), which decomposed its weights
        var finished = TrainRunner.Run(Request(steps: 2), _ => { }, cancellationToken: Token);
        Assert.True(finished.SvdsComputed > 0);
        Assert.True(Directory.Exists(Path.Combine(output, "checkpoint")));

        // When: overwritten by a run stopped during its first step
        var interrupted = Interrupted(Request(steps: 4) with { Overwrite = true }, atStep: 1);

        // Then: no old checkpoint to resume from, no train.json marking the folder finished, no old adapter
        Assert.Null(interrupted.CheckpointStep);
        Assert.False(Directory.Exists(Path.Combine(output, "checkpoint")));
        Assert.False(File.Exists(Path.Combine(output, "train.json")));
        Assert.False(File.Exists(Path.Combine(output, "adapter.safetensors")));
    }

    [Fact]
    public void An_overwrite_refused_after_the_model_loads_leaves_the_finished_run_as_it_was()
    {
        // Given: a finished run
        TrainRunner.Run(Request(steps: 1), _ => { }, cancellationToken: Token);
        var summary = File.ReadAllText(Path.Combine(output, "train.json"));

        // When: overwritten by a run that trains nothing (freeze), which only the attached method can tell
        var error = Assert.Throws<ArgumentException>(() => TrainRunner.Run(
            Request(steps: 1) with { Overwrite = true, Config = MethodChoice.Config("freeze", null) }, _ => { }, cancellationToken: Token));

        // Then: refused naming the method, with the finished run's files still there
        Assert.StartsWith("Method: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(summary, File.ReadAllText(Path.Combine(output, "train.json")));
        Assert.True(File.Exists(Path.Combine(output, "adapter.safetensors")));
        Assert.True(Directory.Exists(Path.Combine(output, "checkpoint")));
    }

    [Fact]
    public void An_interrupted_run_with_a_checkpoint_is_not_started_over_without_resume_or_overwrite()
    {
        // Given: a run stopped during step 3, its checkpoint at step 2
        Interrupted(Request(steps: 4), atStep: 3);

        // When
        var error = Assert.Throws<ArgumentException>(() => TrainRunner.Run(Request(steps: 4), _ => { }, cancellationToken: Token));

        // Then
        Assert.StartsWith("Output: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("interrupted training run (its checkpoint is at step 2)", error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(output, "checkpoint")));
    }

    [Fact]
    public void A_finished_run_is_not_trained_over_and_the_error_names_the_request_properties()
    {
        // Given
        TrainRunner.Run(Request(steps: 1), _ => { }, cancellationToken: Token);

        // When
        var error = Assert.Throws<ArgumentException>(() => TrainRunner.Run(Request(steps: 1), _ => { }, cancellationToken: Token));

        // Then
        Assert.StartsWith("Output: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("with Resume", error.Message, StringComparison.Ordinal);
        Assert.Contains("with Overwrite", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resume_with_another_learning_rate_is_refused_naming_the_property_and_both_values()
    {
        // Given
        TrainRunner.Run(Request(steps: 1), _ => { }, cancellationToken: Token);
        var changed = Request(steps: 2) with { Resume = true };
        changed = changed with { Training = changed.Training with { LearningRate = 2e-3 } };

        // When
        var error = Assert.Throws<ArgumentException>(() => TrainRunner.Run(changed, _ => { }, cancellationToken: Token));

        // Then
        Assert.StartsWith("Resume: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("LearningRate 0.001 (now 0.002)", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Runs <paramref name="request"/>, cancelled (as by Ctrl+C) during step <paramref name="atStep"/>; the interruption carries that token.</summary>
    private static TrainingInterruptedException Interrupted(TrainRequest request, int atStep)
    {
        using var cancel = new CancellationTokenSource();
        var interrupted = Assert.Throws<TrainingInterruptedException>(() => TrainRunner.Run(request, _ => { }, step =>
        {
            if (step.Step == atStep)
            {
                cancel.Cancel();
            }
        }, cancel.Token));
        Assert.Equal(cancel.Token, interrupted.CancellationToken);
        return interrupted;
    }

    private TrainRequest Request(int steps) => new()
    {
        Model = "builtin",
        Data = "phantoms",
        Phantoms = 6,
        Config = MethodChoice.Config("svdiff", null),
        Training = new FineTuneOptions { Steps = steps, BatchSize = 2, LearningRate = 1e-3, CheckpointEvery = 2 },
        Output = output,
    };
}

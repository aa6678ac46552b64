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
        using var cancel = new CancellationTokenSource();
        var request = Request(steps: 4);
        var interrupted = Assert.Throws<TrainingInterruptedException>(() => TrainRunner.Run(request, _ => { }, step =>
        {
            if (step.Step == 3)
            {
                cancel.Cancel();
            }
        }, cancel.Token));
        var svdFile = Assert.Single(Directory.GetFiles(Path.Combine(output, TrainRunner.SvdCacheFolder), "svd-*.safetensors"));
        var writtenAt = File.GetLastWriteTimeUtc(svdFile);

        // When: resumed; during its steps the file is looked at.
        var unchangedDuringResume = new List<bool>();
        var outcome = TrainRunner.Run(request with { Resume = true }, _ => { }, _ => unchangedDuringResume.Add(File.GetLastWriteTimeUtc(svdFile) == writtenAt), Token);

        // Then: the resume read the factors (a recomputation would have rewritten the file), and the finished run keeps none.
        Assert.Equal(2, interrupted.CheckpointStep);
        Assert.Equal(2, outcome.Result.ResumedFromStep);
        Assert.Equal(4, outcome.Result.Steps);
        Assert.NotEmpty(unchangedDuringResume);
        Assert.All(unchangedDuringResume, Assert.True);
        Assert.False(Directory.Exists(Path.Combine(output, TrainRunner.SvdCacheFolder)));
        Assert.Contains("adapter.safetensors", outcome.Written);
        Assert.Contains("train.json", outcome.Written);
    }

    [Fact]
    public void A_fresh_start_in_an_unfinished_runs_folder_does_not_read_the_svds_that_run_left()
    {
        // Given: an interrupted run's SVD file, replaced by bytes that are no safetensors file (as another model's
        // factors would be: the file is keyed by architecture, not weights).
        using var cancel = new CancellationTokenSource();
        Assert.Throws<TrainingInterruptedException>(() => TrainRunner.Run(Request(steps: 4), _ => { }, step =>
        {
            if (step.Step == 3)
            {
                cancel.Cancel();
            }
        }, cancel.Token));
        var svdFile = Assert.Single(Directory.GetFiles(Path.Combine(output, TrainRunner.SvdCacheFolder)));
        File.WriteAllBytes(svdFile, [1, 2, 3]);

        // When: started again without Resume.
        var outcome = TrainRunner.Run(Request(steps: 4), _ => { }, cancellationToken: Token);

        // Then: it decomposed afresh (reading the file would have failed) and trained from step 0.
        Assert.Equal(0, outcome.Result.ResumedFromStep);
        Assert.Equal(4, outcome.Result.Steps);
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

using MemControl.Data.Phantoms;
using MemControl.Models.Pipelines;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.AttentionTuning;
using MemControl.Peft.FullFineTuning;
using MemControl.Tests.Support;
using MemControl.Training;
using static TorchSharp.torch;

namespace MemControl.Tests.Training;

public sealed class FineTunerTests
{
    private static readonly FineTuneOptions FewSteps = new() { Steps = 3, BatchSize = 2, LearningRate = 1e-3, Seed = 7 };

    [Fact]
    public void Attention_tuning_changes_only_parameters_inside_the_attentions()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var before = Snapshot(model);
        var adapter = AdapterSet.Attach(model.Unet, new AttentionTuningConfig(), new PeftContext("parity"));

        // When
        new FineTuner(model, adapter, FewSteps).Run(Phantoms(), cancellationToken: TestContext.Current.CancellationToken);

        // Then
        var after = Snapshot(model);
        var changed = before.Keys.Where(key => !Same(before[key], after[key])).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, key => Assert.Contains(".attentions.", key));
    }

    [Fact]
    public void The_same_seed_gives_the_same_losses()
    {
        var first = TrainFull(FewSteps);
        var second = TrainFull(FewSteps);

        Assert.Equal(first.Result.Losses, second.Result.Losses);
        Assert.All(first.Result.Losses, loss => Assert.True(double.IsFinite(loss) && loss > 0));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_exactly_as_an_uninterrupted_run()
    {
        // Given an uninterrupted 4-step run, and a run stopped after 2 steps (its checkpoint) then resumed to 4
        var options = FewSteps with { Steps = 4 };
        var uninterrupted = TrainFull(options);
        var runDirectory = Path.Combine(Path.GetTempPath(), $"memcontrol-resume-{Guid.NewGuid():N}");
        try
        {
            TrainFull(options with { Steps = 2 }, runDirectory);

            // When
            var resumed = TrainFull(options, runDirectory, resume: true);

            // Then
            Assert.Equal(2, resumed.Result.ResumedFromStep);
            Assert.Equal(4, resumed.Result.Steps);
            Assert.Equal(uninterrupted.Result.Losses.Count, resumed.Result.Losses.Count);
            for (var i = 0; i < uninterrupted.Result.Losses.Count; i++)
            {
                Assert.Equal(uninterrupted.Result.Losses[i], resumed.Result.Losses[i], 5);
            }

            foreach (var (key, value) in uninterrupted.Weights)
            {
                var difference = (value - resumed.Weights[key]).abs().max().item<float>();
                Assert.True(difference <= 1e-5, $"{key} differs by {difference}");
            }
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    [Fact]
    public void A_nan_loss_stops_the_run_with_a_clear_error()
    {
        // Given a model whose weights hold a NaN
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var adapter = AdapterSet.Attach(model.Unet, new FullFineTuningConfig(), new PeftContext("parity"));
        using (no_grad())
        {
            adapter.Parameters()[0].fill_(float.NaN);
        }

        // When
        var error = Assert.Throws<NonFiniteLossException>(() => new FineTuner(model, adapter, FewSteps).Run(Phantoms(), cancellationToken: TestContext.Current.CancellationToken));

        // Then
        Assert.Equal(1, error.Step);
        Assert.Contains("lower learning rate", error.Message);
    }

    private static (FineTuneResult Result, Dictionary<string, Tensor> Weights) TrainFull(
        FineTuneOptions options, string? runDirectory = null, bool resume = false)
    {
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var adapter = AdapterSet.Attach(model.Unet, new FullFineTuningConfig(), new PeftContext("parity"));
        var result = new FineTuner(model, adapter, options).Run(Phantoms(), runDirectory: runDirectory, resume: resume, cancellationToken: TestContext.Current.CancellationToken);
        return (result, Snapshot(model));
    }

    private static PhantomDataset Phantoms() => PhantomDataset.Create(new PhantomOptions { Count = 6, Seed = 3 });

    private static Dictionary<string, Tensor> Snapshot(StableDiffusion model) =>
        model.Unet.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());

    private static bool Same(Tensor a, Tensor b) => a.allclose(b, rtol: 0, atol: 0);
}

using MemControl.Data.Phantoms;
using MemControl.Models.Pipelines;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.FullFineTuning;
using MemControl.Peft.Lora;
using MemControl.Tests.Support;
using MemControl.Training;
using static TorchSharp.torch;

namespace MemControl.Tests.Training;

/// <summary>Gradient accumulation, mixed precision and gradient checkpointing in the fine-tuning loop.</summary>
public sealed class ScaleTrainingTests
{
    private static readonly FineTuneOptions TwoSteps = new() { Steps = 2, BatchSize = 4, LearningRate = 1e-3, Seed = 7 };

    // Adam's first steps move each weight by about ±lr whatever the gradient's size, so two float32 sums of the same
    // gradient that differ in the last bits can flip a near-zero gradient's step. With ε = 1 the update is about
    // lr·g, and equal gradients show as equal weights.
    private static readonly FineTuneOptions Comparable = TwoSteps with { Epsilon = 1.0, LearningRate = 1e-2 };

    [Fact]
    public void Two_accumulated_batches_of_two_train_as_one_batch_of_four()
    {
        // Given: the same run as 2 steps of one batch of 4, and as 2 steps of 2 accumulated batches of 2
        var (whole, wholeWeights) = Train(Comparable);
        var (accumulated, accumulatedWeights) = Train(Comparable with { BatchSize = 2, GradientAccumulationSteps = 2 });

        // Then: the same losses (same samples, noise and timesteps) and the same weights, to float tolerance
        Assert.Equal(2, accumulated.Losses.Count);
        for (var i = 0; i < whole.Losses.Count; i++)
        {
            // Relative 1e-4: libtorch picks other convolution kernels for batches of 2 and 4, so float32 sums differ in the last digits.
            Assert.Equal(whole.Losses[i], accumulated.Losses[i], 1e-4 * Math.Abs(whole.Losses[i]));
        }

        Assert.All(wholeWeights, pair => Assert.True(
            // atol 2e-4, 1 % of what the two steps move a weight (about 2 × lr = 2e-2): the float32 differences of other
            // kernels and thread timings (seen up to 1e-4 under load), not a wrong accumulation — skipping the division
            // by K would double every step.
            pair.Value.allclose(accumulatedWeights[pair.Key], rtol: 1e-4, atol: 2e-4),
            $"{pair.Key} differs by {(pair.Value - accumulatedWeights[pair.Key]).abs().max().item<float>()}"));
    }

    [Fact]
    public void Accumulation_changes_the_run_when_the_batches_differ()
    {
        // Given: 2 accumulated batches of 2 against one plain batch of 2 (the control for the test above)
        var (plain, _) = Train(TwoSteps with { BatchSize = 2 });
        var (accumulated, _) = Train(TwoSteps with { BatchSize = 2, GradientAccumulationSteps = 2 });

        Assert.NotEqual(plain.Losses[0], accumulated.Losses[0]);
    }

    [Fact]
    public void Checkpointed_training_takes_the_steps_of_plain_training()
    {
        var (plain, plainWeights) = Train(Comparable);
        var (checkpointed, checkpointedWeights) = Train(Comparable with { GradientCheckpointing = true });

        Assert.Equal(plain.Losses[1], checkpointed.Losses[1], 1e-5);
        Assert.All(plainWeights, pair => Assert.True(pair.Value.allclose(checkpointedWeights[pair.Key], rtol: 1e-4, atol: 1e-5),
            $"{pair.Key} differs by {(pair.Value - checkpointedWeights[pair.Key]).abs().max().item<float>()}"));
    }

    [Fact]
    public void A_bf16_lora_step_runs_on_the_cpu_with_frozen_weights_in_bf16_and_trainable_tensors_in_fp32()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var adapter = AdapterSet.Attach(model.Unet, new LoraConfig { Rank = 2 }, new PeftContext("parity"));
        var before = adapter.Parameters().Select(p => p.detach().clone()).ToList();

        // When
        var result = new FineTuner(model, adapter, TwoSteps with { MixedPrecision = MixedPrecision.BFloat16 })
            .Run(Phantoms(), cancellationToken: TestContext.Current.CancellationToken);

        // Then: finite losses, LoRA tensors trained and float32, every frozen weight bfloat16 (UNet, VAE, text encoder)
        Assert.All(result.Losses, loss => Assert.True(double.IsFinite(loss)));
        Assert.All(adapter.Parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Contains(adapter.Parameters().Zip(before), pair => !pair.First.allclose(pair.Second, rtol: 0, atol: 0));
        var frozen = model.Unet.parameters().Concat(model.Vae!.parameters()).Concat(model.TextEncoder.parameters()).Where(p => !p.requires_grad).ToList();
        Assert.NotEmpty(frozen);
        Assert.All(frozen, p => Assert.Equal(ScalarType.BFloat16, p.dtype));
    }

    [Fact]
    public void A_bf16_full_fine_tuning_keeps_float32_masters_and_changes_the_bf16_weights()
    {
        // Given: every UNet weight trainable, so the model's trainable tensors themselves are bfloat16
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var adapter = AdapterSet.Attach(model.Unet, new FullFineTuningConfig(), new PeftContext("parity"));
        using var conv = model.Unet.state_dict()["conv_in.weight"].detach().to(ScalarType.BFloat16);

        // When
        var result = new FineTuner(model, adapter, TwoSteps with { MixedPrecision = MixedPrecision.BFloat16 })
            .Run(Phantoms(), cancellationToken: TestContext.Current.CancellationToken);

        // Then
        Assert.All(result.Losses, loss => Assert.True(double.IsFinite(loss)));
        var trained = model.Unet.state_dict()["conv_in.weight"];
        Assert.Equal(ScalarType.BFloat16, trained.dtype);
        Assert.False(trained.allclose(conv, rtol: 0, atol: 0));
    }

    [Fact]
    public void Fp16_on_the_cpu_is_refused_naming_the_property()
    {
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var adapter = AdapterSet.Attach(model.Unet, new LoraConfig { Rank = 2 }, new PeftContext("parity"));

        var error = Assert.Throws<ArgumentException>(() => new FineTuner(model, adapter, TwoSteps with { MixedPrecision = MixedPrecision.Float16 })
            .Run(Phantoms(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.StartsWith("MixedPrecision:", error.Message);
        Assert.Contains("BFloat16", error.Message);
    }

    [Fact]
    public void The_loss_scaler_halves_on_overflow_and_doubles_after_its_growth_interval()
    {
        var scaler = new DynamicLossScaler(initialScale: 1024, growthInterval: 2);

        scaler.Update(gradientsFinite: false);
        Assert.Equal(512, scaler.Scale);
        scaler.Update(gradientsFinite: true);
        Assert.Equal(512, scaler.Scale);
        scaler.Update(gradientsFinite: true);
        Assert.Equal(1024, scaler.Scale);
    }

    private static (FineTuneResult Result, Dictionary<string, Tensor> Weights) Train(FineTuneOptions options)
    {
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var adapter = AdapterSet.Attach(model.Unet, new LoraConfig { Rank = 2 }, new PeftContext("parity"));
        var result = new FineTuner(model, adapter, options).Run(Phantoms(), cancellationToken: TestContext.Current.CancellationToken);
        var weights = model.Unet.state_dict()
            .Where(pair => pair.Key.Contains("lora_", StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value.detach().clone());
        return (result, weights);
    }

    private static PhantomDataset Phantoms() => PhantomDataset.Create(new PhantomOptions { Count = 8, Seed = 3 });
}

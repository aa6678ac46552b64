using MemControl.Models.Runtime;
using MemControl.Models.Unets;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Unets;

public sealed class GradientCheckpointingTests
{
    [Fact]
    public void Checkpointing_gives_the_gradients_of_a_plain_backward_for_every_parameter_and_the_input()
    {
        // Given: the same UNet, input and loss, once plain and once checkpointed (every parameter trainable)
        var (plain, plainInput) = Gradients(checkpointing: false, trainable: _ => true);
        var recomputedBefore = CheckpointFunction.Recomputations;
        var (checkpointed, checkpointedInput) = Gradients(checkpointing: true, trainable: _ => true);

        // Then: 4 down + 1 mid + 4 up blocks were recomputed, and every gradient agrees to 1e-5
        Assert.Equal(9, CheckpointFunction.Recomputations - recomputedBefore);
        Assert.Equal(plain.Keys.Order(), checkpointed.Keys.Order());
        Assert.All(plain, pair => AssertClose(pair.Value, checkpointed[pair.Key], pair.Key));
        AssertClose(plainInput!, checkpointedInput!, "sample");
    }

    [Fact]
    public void Checkpointing_reaches_trainable_parameters_inside_blocks_whose_inputs_need_no_gradient()
    {
        // Given: a frozen UNet except the cross-attention keys (as attention tuning), and an input needing no gradient,
        // the case where PyTorch's reentrant checkpoint silently returns no gradient
        static bool CrossAttentionKeys(string name) => name.Contains(".attn2.to_k.", StringComparison.Ordinal);
        var (plain, _) = Gradients(checkpointing: false, CrossAttentionKeys, inputNeedsGradient: false);
        var (checkpointed, _) = Gradients(checkpointing: true, CrossAttentionKeys, inputNeedsGradient: false);

        // Then
        Assert.NotEmpty(plain);
        Assert.All(plain, pair => AssertClose(pair.Value, checkpointed[pair.Key], pair.Key));
        Assert.All(checkpointed.Values, gradient => Assert.True(gradient.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Checkpointing_changes_nothing_in_evaluation_mode()
    {
        manual_seed(5);
        using var model = new UNet2DConditionModel(UNet2DConditionModelTests.Tiny) { GradientCheckpointing = true };
        model.eval();
        using var sample = randn(1, 4, 8, 8);
        using var text = randn(1, 7, 32);
        var before = CheckpointFunction.Recomputations;

        using var output = model.call(sample, tensor(10L), text);
        output.pow(2).mean().backward();

        Assert.Equal(before, CheckpointFunction.Recomputations);
    }

    private static (Dictionary<string, Tensor> Parameters, Tensor? Input) Gradients(
        bool checkpointing, Func<string, bool> trainable, bool inputNeedsGradient = true)
    {
        manual_seed(11);
        using var model = new UNet2DConditionModel(UNet2DConditionModelTests.Tiny) { GradientCheckpointing = checkpointing };
        model.train();
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = trainable(name);
        }

        var sample = randn(2, 4, 8, 8).requires_grad_(inputNeedsGradient);
        using var text = randn(2, 7, 32);
        using var output = model.call(sample, tensor(new long[] { 3, 700 }), text);
        output.pow(2).mean().backward();

        var gradients = model.named_parameters()
            .Where(pair => pair.parameter.requires_grad)
            .ToDictionary(pair => pair.name, pair => pair.parameter.grad!.detach().clone());
        return (gradients, inputNeedsGradient ? sample.grad!.detach().clone() : null);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string name)
    {
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-5, $"{name}: gradients differ by {difference}");
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using InPlaceAdamW = MemControl.Training.Optimization.AdamW;

namespace MemControl.Tests.Training;

/// <summary>The fine-tuning's AdamW: TorchSharp's update bit for bit, with its temporaries freed per tensor.</summary>
public sealed class AdamWTests
{
    [Fact]
    public void Three_steps_give_the_same_weights_and_moments_as_torchsharps_adamw_bit_for_bit()
    {
        // Given: two copies of the same tensors in two groups (different rates), weight decay, the same gradients
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var initial = new[] { randn(5, 3, generator: generator), randn(4, generator: generator), randn(2, 2, 3, generator: generator) };
        var gradients = Enumerable.Range(0, 3).Select(_ => initial.Select(t => randn(t.shape, generator: generator)).ToArray()).ToArray();
        var ours = initial.Select(t => new Parameter(t.clone())).ToArray();
        var theirs = initial.Select(t => new Parameter(t.clone())).ToArray();
        var ourOptimizer = new InPlaceAdamW(Groups(ours), 1e-2, 0.9, 0.999, 1e-8, 1e-2);
        var theirOptimizer = optim.AdamW(Groups(theirs), 1e-2, 0.9, 0.999, 1e-8, 1e-2);

        // When
        for (var step = 0; step < 3; step++)
        {
            for (var i = 0; i < initial.Length; i++)
            {
                ours[i].grad = gradients[step][i].clone();
                theirs[i].grad = gradients[step][i].clone();
            }

            ourOptimizer.step();
            theirOptimizer.step();
        }

        // Then: equal to the last bit, and the saved states (the checkpoint's optimizer.bin) are the same bytes
        for (var i = 0; i < initial.Length; i++)
        {
            Assert.True(ours[i].eq(theirs[i]).all().item<bool>(), $"tensor {i} differs");
            Assert.False(ours[i].eq(initial[i]).all().item<bool>(), $"tensor {i} was not updated");
        }

        Assert.Equal(Saved(theirOptimizer), Saved(ourOptimizer));
    }

    [Fact]
    public void A_tensor_without_a_gradient_is_left_as_it_is()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(ones(3));
        var optimizer = new InPlaceAdamW([new AdamW.ParamGroup([parameter], new AdamW.Options { LearningRate = 1e-2 })], 1e-2, 0.9, 0.999, 1e-8, 1e-2);

        optimizer.step();

        Assert.True(parameter.eq(ones(3)).all().item<bool>());
    }

    private static List<AdamW.ParamGroup> Groups(Parameter[] parameters) =>
    [
        new AdamW.ParamGroup(parameters.Take(2), new AdamW.Options { LearningRate = 1e-2 }),
        new AdamW.ParamGroup(parameters.Skip(2), new AdamW.Options { LearningRate = 3e-3 }),
    ];

    private static byte[] Saved(OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }

        return stream.ToArray();
    }
}

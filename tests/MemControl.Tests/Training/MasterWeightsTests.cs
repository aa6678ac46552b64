using MemControl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Training;

/// <summary>float32 masters of half-precision trainable tensors: gradients handed over, and let go when no longer needed.</summary>
public sealed class MasterWeightsTests
{
    [Fact]
    public void The_half_gradient_becomes_the_masters_float32_gradient_divided_and_is_let_go()
    {
        // Given: a bf16 tensor with a gradient and a float32 tensor (its own master) with one
        using var scope = NewDisposeScope();
        var half = new Parameter(ones(3, dtype: ScalarType.BFloat16));
        var full = new Parameter(ones(2));
        half.grad = full_like(half, 4.0);
        full.grad = full_like(full, 6.0);
        using var masters = new MasterWeights([half, full]);

        // When
        var finite = masters.GradientsToMasters(2);

        // Then: the master holds g / 2 in float32, the bf16 tensor no gradient; the float32 tensor its own g / 2
        Assert.True(finite);
        Assert.Equal(ScalarType.Float32, masters.Masters[0].grad!.dtype);
        Assert.True(masters.Masters[0].grad!.eq(2.0).all().item<bool>());
        Assert.Null(half.grad);
        Assert.Same(full, masters.Masters[1]);
        Assert.True(full.grad!.eq(3.0).all().item<bool>());
    }

    [Fact]
    public void After_the_step_a_copied_masters_gradient_is_let_go_and_a_float32_tensors_own_is_kept()
    {
        using var scope = NewDisposeScope();
        var half = new Parameter(ones(3, dtype: ScalarType.BFloat16));
        var full = new Parameter(ones(2));
        half.grad = full_like(half, 4.0);
        full.grad = full_like(full, 6.0);
        using var masters = new MasterWeights([half, full]);
        masters.GradientsToMasters(1);

        masters.ReleaseMasterGradients();

        Assert.Null(masters.Masters[0].grad);
        Assert.NotNull(full.grad);
    }
}

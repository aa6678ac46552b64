using System.Reflection;
using MemControl.Models.Unets;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Unets;

public sealed class UNet2DConditionModelTests
{
    internal static readonly UNet2DConditionConfig Tiny = UNet2DConditionConfig.StableDiffusion15 with
    {
        BlockOutChannels = [32, 32, 64, 64],
        CrossAttentionDim = 32,
        SampleSize = 8,
    };

    [Fact]
    public void Output_has_the_shape_of_the_sample_also_for_odd_sizes()
    {
        // Given
        manual_seed(0);
        using var model = new UNet2DConditionModel(Tiny);
        using var sample = randn(2, 4, 9, 9); // odd: the up path needs diffusers' explicit upsample sizes
        using var text = randn(2, 7, 32);
        using var noGrad = no_grad();

        // When
        using var output = model.call(sample, tensor(new long[] { 3, 999 }), text);

        // Then
        Assert.Equal([2L, 4, 9, 9], output.shape);
        Assert.False(output.isnan().any().item<bool>());
    }

    [Fact]
    public void A_scalar_timestep_means_the_same_timestep_for_every_sample()
    {
        // Given
        manual_seed(0);
        using var model = new UNet2DConditionModel(Tiny);
        using var sample = randn(2, 4, 8, 8);
        using var text = randn(2, 7, 32);
        using var noGrad = no_grad();

        // When
        using var fromScalar = model.call(sample, tensor(250L), text);
        using var fromVector = model.call(sample, tensor(new long[] { 250, 250 }), text);

        // Then
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(fromScalar, fromVector), 0.0, 0.0);
    }

    [Fact]
    public void Runs_in_bfloat16_without_changes()
    {
        // Given
        manual_seed(0);
        using var model = new UNet2DConditionModel(Tiny);
        model.to(ScalarType.BFloat16);
        using var sample = randn(1, 4, 8, 8, dtype: ScalarType.BFloat16);
        using var text = randn(1, 7, 32, dtype: ScalarType.BFloat16);
        using var noGrad = no_grad();

        // When
        using var output = model.call(sample, tensor(10L), text);

        // Then
        Assert.Equal(ScalarType.BFloat16, output.dtype);
    }

    [Fact]
    public void Attention_projections_are_replaceable_fields_of_the_interface_type()
    {
        // Given: the contract PEFT relies on (substitute a wrapper by reflection)
        var block = typeof(BasicTransformerBlock);

        // When
        var attn2 = block.GetField("attn2", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var ff = block.GetField("ff", BindingFlags.NonPublic | BindingFlags.Instance)!;

        // Then
        Assert.Equal(typeof(nn.Module<Tensor, Tensor, Tensor>), attn2.FieldType);
        Assert.Equal(typeof(nn.Module<Tensor, Tensor>), ff.FieldType);
        Assert.False(attn2.IsInitOnly);
        Assert.False(ff.IsInitOnly);
    }

    [Fact]
    public void Keys_follow_diffusers_names()
    {
        // Given
        using var model = new UNet2DConditionModel(Tiny);

        // When
        var keys = model.state_dict().Keys.ToHashSet();

        // Then
        Assert.Contains("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight", keys);
        Assert.Contains("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0.bias", keys);
        Assert.Contains("down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj.weight", keys);
        Assert.Contains("up_blocks.0.upsamplers.0.conv.weight", keys);
        Assert.Contains("conv_out.weight", keys);
        Assert.DoesNotContain("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.bias", keys);
    }
}

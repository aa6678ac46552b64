using MemControl.Models.Loading;
using MemControl.Models.Synthetic;
using MemControl.Tests.Models.Unets;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Synthetic;

/// <summary>Runs alone: listing a layout builds modules on the meta device, which switches the process-wide default device.</summary>
[Collection(nameof(DefaultDeviceCollection))]
public sealed class Sd15LayoutTests
{
    private static readonly SafetensorsDType F16 = SafetensorsDType.FromScalarType(ScalarType.Float16)!;

    [Theory]
    [InlineData("unet", 859_520_964L)]
    [InlineData("vae", 83_653_863L)]
    [InlineData("text_encoder", 123_060_480L)]
    public void Full_scale_components_have_the_parameter_counts_of_the_published_sd15(string component, long expected)
    {
        // Given: the full layout, listed on the meta device (no weights allocated)
        var layout = Sd15Layout.For(Sd15Scale.Full);

        // When: counting the floating-point tensors (the text encoder's int64 position_ids buffer is not a parameter)
        var count = layout.Entries(component, F16)
            .Where(entry => entry.Name != Sd15Layout.PositionIdsKey)
            .Sum(entry => entry.Shape.Aggregate(1L, (n, dim) => n * dim));

        // Then: the counts diffusers and transformers report for runwayml/stable-diffusion-v1-5
        Assert.Equal(expected, count);
    }

    [Theory]
    [InlineData("unet", "conv_in.weight", new long[] { 320, 4, 3, 3 })]
    [InlineData("unet", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight", new long[] { 320, 768 })]
    [InlineData("unet", "mid_block.attentions.0.proj_in.weight", new long[] { 1280, 1280, 1, 1 })]
    [InlineData("unet", "up_blocks.3.resnets.2.conv_shortcut.weight", new long[] { 320, 640, 1, 1 })]
    [InlineData("unet", "time_embedding.linear_1.weight", new long[] { 1280, 320 })]
    [InlineData("vae", "encoder.mid_block.attentions.0.query.weight", new long[] { 512, 512 })]
    [InlineData("vae", "decoder.mid_block.attentions.0.proj_attn.bias", new long[] { 512 })]
    [InlineData("vae", "quant_conv.weight", new long[] { 8, 8, 1, 1 })]
    [InlineData("text_encoder", "text_model.embeddings.token_embedding.weight", new long[] { 49408, 768 })]
    [InlineData("text_encoder", "text_model.encoder.layers.11.mlp.fc2.weight", new long[] { 768, 3072 })]
    [InlineData("text_encoder", "text_model.final_layer_norm.bias", new long[] { 768 })]
    [InlineData("text_encoder", "text_model.embeddings.position_ids", new long[] { 1, 77 })]
    public void Full_scale_keys_are_spelled_as_the_published_files_spell_them(string component, string key, long[] shape)
    {
        var entries = Sd15Layout.For(Sd15Scale.Full).Entries(component, F16);

        var entry = Assert.Single(entries, e => e.Name == key);
        Assert.Equal(shape, entry.Shape);
    }

    [Fact]
    public void Full_scale_has_no_current_spellings_of_legacy_keys()
    {
        var layout = Sd15Layout.For(Sd15Scale.Full);

        var vae = layout.Entries("vae", F16).Select(e => e.Name).ToList();
        var text = layout.Entries("text_encoder", F16).Select(e => e.Name).ToList();

        Assert.DoesNotContain(vae, name => name.Contains("mid_block.attentions.0.to_", StringComparison.Ordinal));
        Assert.All(text, name => Assert.StartsWith("text_model.", name));
        Assert.Equal(197, text.Count);    // 196 parameters + position_ids
        Assert.Equal(686, layout.Entries("unet", F16).Count);
    }

    [Fact]
    public void The_full_configs_are_those_of_sd15()
    {
        var layout = Sd15Layout.For(Sd15Scale.Full);

        Assert.Equal([320, 640, 1280, 1280], layout.Unet.BlockOutChannels);
        Assert.Equal(768, layout.Unet.CrossAttentionDim);
        Assert.Equal([8, 8, 8, 8], layout.Unet.AttentionHeads);
        Assert.Equal(64, layout.Unet.SampleSize);
        Assert.Equal([128, 256, 512, 512], layout.Vae.BlockOutChannels);
        Assert.Equal(0.18215, layout.Vae.ScalingFactor);
        Assert.Equal(123_060_480L, layout.TextEncoder.ParameterCount);
        Assert.Equal(2, layout.TextEncoder.EosTokenId);
    }
}

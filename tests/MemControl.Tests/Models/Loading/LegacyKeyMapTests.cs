using MemControl.Models.Loading;

namespace MemControl.Tests.Models.Loading;

public sealed class LegacyKeyMapTests
{
    private static readonly HashSet<string> UnprefixedClip = ["embeddings.token_embedding.weight", "final_layer_norm.weight"];
    private static readonly HashSet<string> PrefixedClip = ["text_model.embeddings.token_embedding.weight", "text_model.final_layer_norm.weight"];
    private static readonly HashSet<string> NewVae = ["encoder.mid_block.attentions.0.to_q.weight", "decoder.mid_block.attentions.0.to_out.0.bias"];
    private static readonly HashSet<string> OldVae = ["encoder.mid_block.attentions.0.query.weight", "decoder.mid_block.attentions.0.proj_attn.bias"];

    [Fact]
    public void A_transformers_4_key_with_the_text_model_prefix_fills_an_unprefixed_module_key()
    {
        Assert.Equal("embeddings.token_embedding.weight", LegacyKeyMap.ModuleKeyFor("text_model.embeddings.token_embedding.weight", UnprefixedClip));
    }

    [Fact]
    public void An_unprefixed_key_fills_a_module_that_has_the_text_model_prefix()
    {
        Assert.Equal("text_model.final_layer_norm.weight", LegacyKeyMap.ModuleKeyFor("final_layer_norm.weight", PrefixedClip));
    }

    [Theory]
    [InlineData("encoder.mid_block.attentions.0.query.weight", "encoder.mid_block.attentions.0.to_q.weight")]
    [InlineData("decoder.mid_block.attentions.0.proj_attn.bias", "decoder.mid_block.attentions.0.to_out.0.bias")]
    public void Old_vae_attention_names_fill_the_new_names(string oldKey, string newKey)
    {
        Assert.Equal(newKey, LegacyKeyMap.ModuleKeyFor(oldKey, NewVae));
    }

    [Theory]
    [InlineData("encoder.mid_block.attentions.0.to_q.weight", "encoder.mid_block.attentions.0.query.weight")]
    [InlineData("decoder.mid_block.attentions.0.to_out.0.bias", "decoder.mid_block.attentions.0.proj_attn.bias")]
    public void New_vae_attention_names_fill_a_module_with_the_old_names(string newKey, string oldKey)
    {
        Assert.Equal(oldKey, LegacyKeyMap.ModuleKeyFor(newKey, OldVae));
    }

    [Fact]
    public void A_key_the_module_has_under_neither_spelling_maps_to_nothing()
    {
        Assert.Null(LegacyKeyMap.ModuleKeyFor("encoder.mid_block.attentions.0.to_k.weight", NewVae));
        Assert.Null(LegacyKeyMap.ModuleKeyFor("down_blocks.0.attentions.0.query.weight", new HashSet<string> { "down_blocks.0.attentions.0.to_q.weight" }));
    }

    [Fact]
    public void Only_mid_block_attention_weights_may_change_between_1x1_conv_and_linear_shapes()
    {
        Assert.True(LegacyKeyMap.IsAllowedReshape("encoder.mid_block.attentions.0.to_q.weight", [64L, 64, 1, 1], [64L, 64]));
        Assert.True(LegacyKeyMap.IsAllowedReshape("encoder.mid_block.attentions.0.to_q.weight", [64L, 64], [64L, 64, 1, 1]));
        Assert.False(LegacyKeyMap.IsAllowedReshape("encoder.mid_block.attentions.0.to_q.weight", [64L, 64, 3, 3], [64L, 64]));
        Assert.False(LegacyKeyMap.IsAllowedReshape("encoder.conv_in.weight", [64L, 64, 1, 1], [64L, 64]));
    }

    [Fact]
    public void The_old_clip_position_ids_buffer_is_ignorable()
    {
        Assert.True(LegacyKeyMap.IsIgnorableWhenUnexpected("text_model.embeddings.position_ids"));
        Assert.False(LegacyKeyMap.IsIgnorableWhenUnexpected("text_model.embeddings.position_embedding.weight"));
    }
}

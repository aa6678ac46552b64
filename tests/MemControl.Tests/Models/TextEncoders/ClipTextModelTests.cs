using MemControl.Models.TextEncoders;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.TextEncoders;

public sealed class ClipTextModelTests
{
    [Fact]
    public void State_dict_keys_are_the_transformers_5_checkpoint_keys()
    {
        // Given
        using var model = new ClipTextModel(ClipTextConfigTests.TinyConfig(layers: 1));

        // When
        var keys = model.state_dict().Keys.Order(StringComparer.Ordinal).ToArray();

        // Then: the keys of a transformers 5 CLIPTextModel checkpoint (4.x adds the "text_model." prefix).
        string[] expected =
        [
            "embeddings.position_embedding.weight", "embeddings.token_embedding.weight",
            "encoder.layers.0.layer_norm1.bias", "encoder.layers.0.layer_norm1.weight",
            "encoder.layers.0.layer_norm2.bias", "encoder.layers.0.layer_norm2.weight",
            "encoder.layers.0.mlp.fc1.bias", "encoder.layers.0.mlp.fc1.weight",
            "encoder.layers.0.mlp.fc2.bias", "encoder.layers.0.mlp.fc2.weight",
            "encoder.layers.0.self_attn.k_proj.bias", "encoder.layers.0.self_attn.k_proj.weight",
            "encoder.layers.0.self_attn.out_proj.bias", "encoder.layers.0.self_attn.out_proj.weight",
            "encoder.layers.0.self_attn.q_proj.bias", "encoder.layers.0.self_attn.q_proj.weight",
            "encoder.layers.0.self_attn.v_proj.bias", "encoder.layers.0.self_attn.v_proj.weight",
            "final_layer_norm.bias", "final_layer_norm.weight",
        ];
        Assert.Equal(expected, keys);
    }

    [Fact]
    public void Outputs_have_the_shapes_B_T_H_and_B_H()
    {
        // Given
        using var model = new ClipTextModel(ClipTextConfigTests.TinyConfig());
        using var ids = Ids([49406, 320, 49407], [49406, 1125, 49407]);

        // When
        using var output = model.call(ids);

        // Then
        Assert.Equal([2L, 3, 8], output.LastHiddenState.shape);
        Assert.Equal([2L, 8], output.PoolerOutput.shape);
        Assert.Equal([2L, 3, 8], output.PenultimateHiddenState.shape);
    }

    [Fact]
    public void Attention_is_causal_so_a_later_token_leaves_earlier_positions_unchanged()
    {
        // Given
        using var model = new ClipTextModel(ClipTextConfigTests.TinyConfig());
        using var first = Ids([49406, 320, 1125, 539, 49407]);
        using var second = Ids([49406, 320, 1125, 2368, 49407]);

        // When
        using var firstOutput = model.call(first);
        using var secondOutput = model.call(second);

        // Then
        using var before = firstOutput.LastHiddenState[.., ..3] - secondOutput.LastHiddenState[.., ..3];
        using var at = firstOutput.LastHiddenState[.., 3] - secondOutput.LastHiddenState[.., 3];
        Assert.Equal(0f, before.abs().max().item<float>());
        Assert.True(at.abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void Pooler_takes_the_first_position_holding_eos_token_id()
    {
        // Given: eos_token_id 300 (not the legacy 2); 300 first appears at position 2, the largest id sits at 3.
        using var model = new ClipTextModel(ClipTextConfigTests.TinyConfig(eosTokenId: 300));
        using var ids = Ids([49406, 2, 300, 49407, 300]);

        // When
        using var output = model.call(ids);

        // Then
        Assert.Equal(0f, (output.PoolerOutput[0] - output.LastHiddenState[0, 2]).abs().max().item<float>());
    }

    [Fact]
    public void Pooler_of_a_legacy_config_with_eos_id_2_takes_the_largest_id()
    {
        // Given: SD-1.5's config says eos_token_id 2, so transformers pools at argmax(ids), the <|endoftext|> 49407.
        using var model = new ClipTextModel(ClipTextConfigTests.TinyConfig(eosTokenId: 2));
        using var ids = Ids([49406, 2, 300, 49407, 300]);

        // When
        using var output = model.call(ids);

        // Then
        Assert.Equal(0f, (output.PoolerOutput[0] - output.LastHiddenState[0, 3]).abs().max().item<float>());
    }

    [Fact]
    public void Penultimate_state_of_a_one_layer_model_is_token_plus_position_embedding()
    {
        // Given
        using var model = new ClipTextModel(ClipTextConfigTests.TinyConfig(layers: 1));
        using var ids = Ids([49406, 320, 49407]);
        var weights = model.state_dict();

        // When
        using var output = model.call(ids);

        // Then: hidden_states[-2] of one layer is hidden_states[0], the embeddings.
        using var tokenRows = weights["embeddings.token_embedding.weight"].index_select(0, ids[0]);
        using var expected = tokenRows + weights["embeddings.position_embedding.weight"][..3];
        Assert.Equal(0f, (output.PenultimateHiddenState[0] - expected).abs().max().item<float>());
    }

    [Fact]
    public void Forward_refuses_more_positions_than_the_position_embedding_has()
    {
        // Given
        using var model = new ClipTextModel(ClipTextConfigTests.TinyConfig());
        using var ids = torch.zeros([1, 78], ScalarType.Int64);

        // When
        var error = Assert.Throws<ArgumentException>(() => model.call(ids));

        // Then
        Assert.Contains("78", error.Message);
    }

    private static Tensor Ids(params long[][] rows) =>
        torch.tensor(rows.SelectMany(row => row).ToArray(), [rows.Length, rows[0].Length], ScalarType.Int64);
}

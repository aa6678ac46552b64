using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Loading;

public sealed class StateDictLoaderTests
{
    [Fact]
    public void The_fixture_unet_file_fills_a_module_with_its_keys_and_every_value_matches_the_file()
    {
        // Given: a module with the fixture's 684 keys and shapes, all zeros
        var path = TestPaths.RequireParityPath("unet", "diffusion_pytorch_model.safetensors");
        using var file = SafetensorsFile.Open(path);
        var module = KeyTreeModule.Build(file.Keys.Select(k => (k, file.ShapeOf(k))));

        // When
        var result = StateDictLoader.Load(module, file);

        // Then
        Assert.True(result.IsExactMatch);
        Assert.Equal(684, result.MatchedKeys.Count);
        foreach (var (key, value) in module.state_dict())
        {
            using var stored = file.Read(key);
            Assert.True(stored.bytes.SequenceEqual(value.bytes), $"{key} differs from the file");
        }
    }

    [Fact]
    public void Loading_copies_in_place_and_keeps_requires_grad_and_the_parameter_objects()
    {
        // Given
        var module = nn.Sequential(("proj", nn.Linear(3, 2)));
        var weight = module.state_dict()["proj.weight"];
        var frozenBias = module.state_dict()["proj.bias"];
        frozenBias.requires_grad = false;
        var tensors = new Dictionary<string, Tensor> { ["proj.weight"] = full(2, 3, 0.5f), ["proj.bias"] = full(2, -1f) };

        // When
        StateDictLoader.Load(module, tensors);

        // Then
        Assert.Same(weight, module.state_dict()["proj.weight"]);
        Assert.True(weight.requires_grad);
        Assert.False(frozenBias.requires_grad);
        Assert.Equal(Enumerable.Repeat(0.5f, 6), weight.data<float>().ToArray());
        Assert.Equal(new[] { -1f, -1f }, frozenBias.data<float>().ToArray());
    }

    [Fact]
    public void Half_precision_checkpoints_are_cast_into_a_float32_module()
    {
        // Given
        var module = KeyTreeModule.Build([("w", [3L])]);
        var tensors = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 0.5f, 2f, -3f }).half() };

        // When
        StateDictLoader.Load(module, tensors);

        // Then
        var w = module.state_dict()["w"];
        Assert.Equal(ScalarType.Float32, w.dtype);
        Assert.Equal(new[] { 0.5f, 2f, -3f }, w.data<float>().ToArray());
    }

    [Fact]
    public void Float32_checkpoints_are_cast_into_a_bfloat16_module()
    {
        // Given
        var module = KeyTreeModule.Build([("w", [2L])], ScalarType.BFloat16);
        var tensors = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 1.5f, -4f }) };

        // When
        StateDictLoader.Load(module, tensors);

        // Then
        var w = module.state_dict()["w"];
        Assert.Equal(ScalarType.BFloat16, w.dtype);
        Assert.Equal(new[] { 1.5f, -4f }, w.@float().data<float>().ToArray());
    }

    [Fact]
    public void A_strict_load_with_missing_unexpected_and_misshapen_keys_lists_them_all_and_changes_nothing()
    {
        // Given
        var module = KeyTreeModule.Build([("a.weight", [2L, 2]), ("b.weight", [3L]), ("c.weight", [1L])]);
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.weight"] = ones(2, 3),
            ["b.weight"] = ones(3),
            ["extra.weight"] = ones(1),
        };

        // When
        var error = Assert.Throws<InvalidDataException>(() => StateDictLoader.Load(module, new TensorDictionarySource(tensors, "my.safetensors")));

        // Then
        var mismatch = Assert.IsType<CheckpointMismatchException>(error.InnerException);
        Assert.Contains("'my.safetensors'", error.Message);
        Assert.Contains("1 missing keys, 1 unexpected keys, 1 shape mismatches", error.Message);
        Assert.Contains("c.weight", error.Message);
        Assert.Contains("extra.weight", error.Message);
        Assert.Contains("a.weight: checkpoint [2, 3] vs module [2, 2]", error.Message);
        Assert.Equal(["c.weight"], mismatch.Result.MissingKeys);
        Assert.Equal(0f, module.state_dict()["b.weight"].sum().item<float>());
    }

    [Fact]
    public void The_message_lists_a_capped_number_of_keys_with_the_count_of_the_rest()
    {
        // Given: a module with 30 keys and an empty checkpoint
        var module = KeyTreeModule.Build(Enumerable.Range(0, 30).Select(i => ($"layer{i:D2}.weight", new[] { 1L })));

        // When
        var error = Assert.Throws<InvalidDataException>(() => StateDictLoader.Load(module, new Dictionary<string, Tensor>()));

        // Then
        Assert.Contains("30 missing keys", error.Message);
        Assert.Contains("layer00.weight", error.Message);
        Assert.DoesNotContain("layer29.weight", error.Message);
        Assert.Contains($"and {30 - CheckpointMismatchException.ListedPerKind} more", error.Message);
    }

    [Fact]
    public void A_non_strict_load_fills_what_fits_and_returns_the_lists()
    {
        // Given
        var module = KeyTreeModule.Build([("a", [2L]), ("b", [2L]), ("c", [2L])]);
        var tensors = new Dictionary<string, Tensor> { ["a"] = ones(2), ["b"] = ones(5), ["z"] = ones(1) };

        // When
        var result = StateDictLoader.Load(module, tensors, strict: false);

        // Then
        Assert.Equal(["c"], result.MissingKeys);
        Assert.Equal(["z"], result.UnexpectedKeys);
        Assert.Equal("b", Assert.Single(result.ShapeMismatches).Key);
        Assert.Equal(["a"], result.MatchedKeys);
        Assert.Equal(2f, module.state_dict()["a"].sum().item<float>());
        Assert.Equal(0f, module.state_dict()["b"].sum().item<float>());
    }

    [Fact]
    public void Compare_reports_the_lists_without_changing_the_module()
    {
        // Given
        var module = KeyTreeModule.Build([("a", [2L]), ("b", [2L])]);
        var tensors = new Dictionary<string, Tensor> { ["a"] = ones(2), ["b"] = ones(3) };

        // When
        var result = StateDictLoader.Compare(module, new TensorDictionarySource(tensors));

        // Then
        Assert.Equal(["a"], result.MatchedKeys);
        Assert.Equal("b: checkpoint [3] vs module [2]", Assert.Single(result.ShapeMismatches).ToString());
        Assert.Equal(0f, module.state_dict()["a"].sum().item<float>());
    }

    [Fact]
    public void The_fixture_text_encoder_without_prefix_loads_into_a_module_with_the_transformers_4_prefix()
    {
        // Given
        var path = TestPaths.RequireParityPath("text_encoder", "model.safetensors");
        using var file = SafetensorsFile.Open(path);
        var module = KeyTreeModule.Build(file.Keys.Select(k => (LegacyKeyMap.TextModelPrefix + k, file.ShapeOf(k))));

        // When
        var result = StateDictLoader.Load(module, file);

        // Then
        Assert.True(result.IsExactMatch);
        using var stored = file.Read("final_layer_norm.weight");
        Assert.True(stored.bytes.SequenceEqual(module.state_dict()["text_model.final_layer_norm.weight"].bytes));
    }

    [Fact]
    public void A_transformers_4_text_encoder_file_with_prefix_and_position_ids_loads_into_the_unprefixed_module()
    {
        // Given: the fixture rewritten as transformers 4.x wrote SD-1.5's text encoder
        var path = TestPaths.RequireParityPath("text_encoder", "model.safetensors");
        var original = SafetensorsFile.ReadAll(path);
        var legacy = original.ToDictionary(p => LegacyKeyMap.TextModelPrefix + p.Key, p => p.Value);
        legacy["text_model.embeddings.position_ids"] = arange(77L).unsqueeze(0);
        using var folder = new TempFolder();
        var legacyPath = folder.File("model.safetensors");
        SafetensorsWriter.Write(legacyPath, legacy);
        var module = KeyTreeModule.Build(original.Select(p => (p.Key, p.Value.shape)));

        // When
        var result = StateDictLoader.Load(module, legacyPath);

        // Then
        Assert.True(result.IsExactMatch);
        Assert.True(original["embeddings.token_embedding.weight"].bytes.SequenceEqual(module.state_dict()["embeddings.token_embedding.weight"].bytes));
    }

    [Fact]
    public void An_old_diffusers_vae_file_with_query_key_value_as_1x1_convs_loads_into_the_current_layout()
    {
        // Given: the fixture VAE with its mid-block attention renamed to the old names and stored as [C, C, 1, 1]
        var path = TestPaths.RequireParityPath("vae", "diffusion_pytorch_model.safetensors");
        var current = SafetensorsFile.ReadAll(path);
        var old = current.ToDictionary(
            p => p.Key.Replace(".to_q.", ".query.").Replace(".to_k.", ".key.").Replace(".to_v.", ".value.").Replace(".to_out.0.", ".proj_attn."),
            p => p.Key.Contains("mid_block.attentions") && p.Key.EndsWith("weight") && p.Value.dim() == 2 ? p.Value.reshape(p.Value.shape[0], p.Value.shape[1], 1, 1) : p.Value);
        Assert.Contains("encoder.mid_block.attentions.0.query.weight", old.Keys);
        var module = KeyTreeModule.Build(current.Select(p => (p.Key, p.Value.shape)));

        // When
        var result = StateDictLoader.Load(module, old);

        // Then
        Assert.True(result.IsExactMatch);
        var loaded = module.state_dict()["encoder.mid_block.attentions.0.to_q.weight"];
        Assert.Equal([64L, 64], loaded.shape);
        Assert.True(current["encoder.mid_block.attentions.0.to_q.weight"].bytes.SequenceEqual(loaded.bytes));
    }

    [Fact]
    public void A_current_vae_file_loads_into_a_module_that_still_uses_the_old_names()
    {
        // Given
        var path = TestPaths.RequireParityPath("vae", "diffusion_pytorch_model.safetensors");
        using var file = SafetensorsFile.Open(path);
        var module = KeyTreeModule.Build(file.Keys.Select(k => (k.Replace(".to_q.", ".query.").Replace(".to_out.0.", ".proj_attn."), file.ShapeOf(k))));

        // When
        var result = StateDictLoader.Load(module, file);

        // Then
        Assert.True(result.IsExactMatch);
        using var stored = file.Read("decoder.mid_block.attentions.0.to_out.0.bias");
        Assert.True(stored.bytes.SequenceEqual(module.state_dict()["decoder.mid_block.attentions.0.proj_attn.bias"].bytes));
    }
}

using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Loading;

public sealed class DiffusersFolderTests
{
    [Fact]
    public void A_pipeline_folder_lists_its_components_and_skips_absent_and_plain_entries()
    {
        // Given
        var probe = TestPaths.RequireParityPath("pipeline_layout_probe");

        // When
        var pipeline = DiffusersFolder.Open(probe);

        // Then
        Assert.Equal("StableDiffusionPipeline", pipeline.PipelineClassName);
        Assert.Equal(["scheduler", "text_encoder", "tokenizer", "unet", "vae"], pipeline.Components.Select(c => c.Name));
        Assert.Equal("UNet2DConditionModel", pipeline.Components.Single(c => c.Name == "unet").ClassName);
        Assert.Equal("transformers", pipeline.Components.Single(c => c.Name == "text_encoder").Library);
        Assert.False(pipeline.HasComponent("safety_checker"));
    }

    [Fact]
    public void A_pipeline_component_exposes_its_config_and_class_name()
    {
        // Given
        var pipeline = DiffusersFolder.Open(TestPaths.RequireParityPath("pipeline_layout_probe"));

        // When
        var unet = pipeline.OpenComponent("unet");
        var textEncoder = pipeline.OpenComponent("text_encoder");
        var scheduler = pipeline.OpenComponent("scheduler");

        // Then
        Assert.Equal("UNet2DConditionModel", unet.ClassName);
        Assert.Equal(32, unet.Config.GetProperty("cross_attention_dim").GetInt32());
        Assert.Contains("\"cross_attention_dim\"", unet.ConfigJson);
        Assert.Equal("CLIPTextModel", textEncoder.ClassName);
        Assert.EndsWith("scheduler_config.json", scheduler.ConfigPath);
        Assert.Equal("DDIMScheduler", scheduler.ClassName);
    }

    [Fact]
    public void A_pipeline_component_without_weights_says_so()
    {
        // Given: the layout probe has configs but its weights were removed
        var unet = DiffusersFolder.Open(TestPaths.RequireParityPath("pipeline_layout_probe")).OpenComponent("unet");

        // When
        var error = Assert.Throws<FileNotFoundException>(() => unet.ResolveWeights());

        // Then
        Assert.Contains("has no weights", error.Message);
        Assert.Contains("diffusion_pytorch_model.safetensors", error.Message);
    }

    [Fact]
    public void Asking_for_a_component_the_pipeline_lacks_lists_those_it_has()
    {
        var pipeline = DiffusersFolder.Open(TestPaths.RequireParityPath("pipeline_layout_probe"));
        var error = Assert.Throws<ArgumentException>(() => pipeline.OpenComponent("safety_checker"));
        Assert.Contains("unet", error.Message);
    }

    [Theory]
    [InlineData("unet", "diffusion_pytorch_model.safetensors")]
    [InlineData("vae", "diffusion_pytorch_model.safetensors")]
    [InlineData("text_encoder", "model.safetensors")]
    public void A_component_folder_resolves_the_diffusers_or_transformers_weights_file(string component, string fileName)
    {
        var folder = DiffusersComponent.Open(TestPaths.RequireParityPath(component));
        Assert.Equal(Path.Combine(folder.Directory, fileName), folder.ResolveWeights());
    }

    [Fact]
    public void LoadInto_fills_a_module_from_the_fixture_vae_folder()
    {
        // Given
        var component = DiffusersComponent.Open(TestPaths.RequireParityPath("vae"));
        using var file = SafetensorsFile.Open(component.ResolveWeights());
        var module = KeyTreeModule.Build(file.Keys.Select(k => (k, file.ShapeOf(k))));

        // When
        var result = component.LoadInto(module);

        // Then
        Assert.True(result.IsExactMatch);
        using var stored = file.Read("decoder.conv_out.weight");
        Assert.True(stored.bytes.SequenceEqual(module.state_dict()["decoder.conv_out.weight"].bytes));
    }

    [Fact]
    public void A_variant_file_is_used_when_the_variant_is_asked_for()
    {
        // Given: a folder with a float32 file and an fp16 variant
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), "{\"_class_name\": \"Tiny\"}");
        SafetensorsWriter.Write(folder.File("diffusion_pytorch_model.safetensors"), new Dictionary<string, Tensor> { ["w"] = ones(2) });
        SafetensorsWriter.Write(folder.File("diffusion_pytorch_model.fp16.safetensors"), new Dictionary<string, Tensor> { ["w"] = full(2, 3f).half() });
        var module = KeyTreeModule.Build([("w", [2L])]);

        // When
        var component = DiffusersComponent.Open(folder.Path, variant: "fp16");
        component.LoadInto(module);

        // Then
        Assert.EndsWith("diffusion_pytorch_model.fp16.safetensors", component.ResolveWeights());
        Assert.Equal(6f, module.state_dict()["w"].sum().item<float>());
    }

    [Fact]
    public void A_folder_with_only_a_variant_file_suggests_passing_the_variant()
    {
        // Given
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), "{}");
        SafetensorsWriter.Write(folder.File("diffusion_pytorch_model.fp16.safetensors"), new Dictionary<string, Tensor> { ["w"] = ones(2).half() });

        // When
        var error = Assert.Throws<FileNotFoundException>(() => DiffusersComponent.Open(folder.Path).ResolveWeights());

        // Then
        Assert.Contains("diffusion_pytorch_model.fp16.safetensors", error.Message);
        Assert.Contains("variant", error.Message);
    }

    [Fact]
    public void A_sharded_checkpoint_loads_every_key_from_the_shard_its_index_names()
    {
        // Given: the fixture unet split over two shards by our test, with an index as save_pretrained writes it
        var fixture = TestPaths.RequireParityPath("unet", "diffusion_pytorch_model.safetensors");
        using var folder = new TempFolder();
        File.Copy(TestPaths.RequireParityPath("unet", "config.json"), folder.File("config.json"));
        var all = SafetensorsFile.ReadAll(fixture);
        var keys = all.Keys.Order(StringComparer.Ordinal).ToList();
        var shardNames = new[] { "diffusion_pytorch_model-00001-of-00002.safetensors", "diffusion_pytorch_model-00002-of-00002.safetensors" };
        var halves = new[] { keys.Take(keys.Count / 2).ToList(), keys.Skip(keys.Count / 2).ToList() };
        for (var i = 0; i < 2; i++)
        {
            SafetensorsWriter.Write(folder.File(shardNames[i]), halves[i].ToDictionary(k => k, k => all[k]));
        }

        var weightMap = string.Join(",", keys.Select(k => $"\"{k}\": \"{shardNames[halves[0].Contains(k) ? 0 : 1]}\""));
        File.WriteAllText(folder.File("diffusion_pytorch_model.safetensors.index.json"), $"{{\"metadata\": {{\"total_size\": 1}}, \"weight_map\": {{{weightMap}}}}}");
        var module = KeyTreeModule.Build(all.Select(p => (p.Key, p.Value.shape)));

        // When
        var component = DiffusersComponent.Open(folder.Path);
        var result = component.LoadInto(module);

        // Then
        Assert.EndsWith(".safetensors.index.json", component.ResolveWeights());
        Assert.True(result.IsExactMatch);
        Assert.Equal(684, result.MatchedKeys.Count);
        var lastKey = keys[^1];
        Assert.True(all[lastKey].bytes.SequenceEqual(module.state_dict()[lastKey].bytes));
    }

    [Fact]
    public void A_shard_index_that_points_outside_its_folder_is_refused()
    {
        // Given
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("model.safetensors.index.json"), """{"weight_map": {"w": "../elsewhere.safetensors"}}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ShardedSafetensors.Open(folder.File("model.safetensors.index.json")));

        // Then
        Assert.Contains("'weight_map.w'", error.Message);
    }

    [Theory]
    [InlineData("diffusion_pytorch_model.bin")]
    [InlineData("pytorch_model.bin")]
    [InlineData("v1-5-pruned.ckpt")]
    [InlineData("model.pt")]
    [InlineData("model.pth")]
    public void A_folder_with_only_pickled_weights_is_refused_with_how_to_convert(string pickledFile)
    {
        // Given
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), "{}");
        File.WriteAllBytes(folder.File(pickledFile), [0x80, 0x02]);

        // When
        var error = Assert.Throws<InvalidDataException>(() => DiffusersComponent.Open(folder.Path).ResolveWeights());

        // Then
        Assert.Contains(pickledFile, error.Message);
        Assert.Contains("arbitrary code", error.Message);
        Assert.Contains("safe_serialization=True", error.Message);
    }

    [Fact]
    public void A_component_folder_without_config_json_is_named_in_the_error()
    {
        // Given
        using var folder = new TempFolder();
        SafetensorsWriter.Write(folder.File("model.safetensors"), new Dictionary<string, Tensor> { ["w"] = ones(1) });

        // When
        var error = Assert.Throws<FileNotFoundException>(() => DiffusersComponent.Open(folder.Path));

        // Then
        Assert.Contains(folder.Path, error.Message);
        Assert.Contains("config.json", error.Message);
    }

    [Fact]
    public void A_config_that_is_not_a_json_object_is_refused_naming_the_file()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), "[1, 2]");
        var error = Assert.Throws<InvalidDataException>(() => DiffusersComponent.Open(folder.Path));
        Assert.Contains(folder.File("config.json"), error.Message);
    }

    [Fact]
    public void Missing_folders_are_named()
    {
        using var folder = new TempFolder();
        var absent = folder.File("nope");
        Assert.Contains(absent, Assert.Throws<DirectoryNotFoundException>(() => DiffusersComponent.Open(absent)).Message);
        Assert.Contains(absent, Assert.Throws<DirectoryNotFoundException>(() => DiffusersFolder.Open(absent)).Message);
    }

    [Fact]
    public void A_folder_without_model_index_is_not_opened_as_a_pipeline()
    {
        var unet = TestPaths.RequireParityPath("unet");
        var error = Assert.Throws<FileNotFoundException>(() => DiffusersFolder.Open(unet));
        Assert.Contains("model_index.json", error.Message);
        Assert.Contains("single component", error.Message);
    }
}

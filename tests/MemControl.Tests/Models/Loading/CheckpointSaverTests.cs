using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Loading;

public sealed class CheckpointSaverTests
{
    [Fact]
    public void A_saved_component_folder_has_the_diffusers_layout_and_loads_back_into_a_fresh_module()
    {
        // Given: a module filled from the fixture unet, and the fixture's config
        var fixture = DiffusersComponent.Open(TestPaths.RequireParityPath("unet"));
        using var file = SafetensorsFile.Open(fixture.ResolveWeights());
        var keys = file.Keys.Select(k => (k, file.ShapeOf(k))).ToList();
        var module = KeyTreeModule.Build(keys);
        fixture.LoadInto(module);
        using var folder = new TempFolder();
        var output = folder.File("unet");

        // When
        CheckpointSaver.SaveComponent(module, fixture.ConfigJson, output);
        var saved = DiffusersComponent.Open(output);
        var fresh = KeyTreeModule.Build(keys);
        var result = saved.LoadInto(fresh);

        // Then
        Assert.Equal(["config.json", "diffusion_pytorch_model.safetensors"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(fixture.ConfigJson, saved.ConfigJson);
        Assert.True(result.IsExactMatch);
        Assert.True(File.ReadAllBytes(fixture.ResolveWeights()).AsSpan().SequenceEqual(File.ReadAllBytes(saved.ResolveWeights())));
    }

    [Fact]
    public void A_text_encoder_is_saved_under_the_transformers_file_name_when_asked()
    {
        // Given
        var module = KeyTreeModule.Build([("final_layer_norm.weight", [4L])]);
        using var folder = new TempFolder();

        // When
        CheckpointSaver.SaveComponent(module, "{\"architectures\": [\"CLIPTextModel\"]}", folder.Path, CheckpointSaver.TransformersWeightsFileName);

        // Then
        var component = DiffusersComponent.Open(folder.Path);
        Assert.Equal("CLIPTextModel", component.ClassName);
        Assert.EndsWith("model.safetensors", component.ResolveWeights());
    }

    [Fact]
    public void A_config_that_is_not_a_json_object_is_refused_before_anything_is_written()
    {
        // Given
        var module = KeyTreeModule.Build([("w", [1L])]);
        using var folder = new TempFolder();
        var output = folder.File("out");

        // When
        Assert.Throws<InvalidDataException>(() => CheckpointSaver.SaveComponent(module, "not json", output));

        // Then
        Assert.False(Directory.Exists(output));
    }
}

using MemControl.Models.Loading;
using MemControl.Models.Pipelines;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Pipelines;

[Trait("Category", "Parity")]
public sealed class TextToImagePipelineParityTests
{
    [Fact]
    public void The_five_step_guided_ddim_image_equals_diffusers()
    {
        // Given the fixture pipeline folder and diffusers' inputs (pipeline_config.json: DDIM, 5 steps, w 7.5, empty negative prompt)
        var io = TestPaths.RequireParityPath("pipeline_io.safetensors");
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        using var reference = SafetensorsFile.Open(io);
        using var latents = reference.Read("latents");
        using var expected = reference.Read("image");
        var pipeline = TextToImagePipeline.For(model);

        // When
        using var image = pipeline.Generate(new GenerationRequest(
            ["a chest x-ray showing cardiomegaly"], [string.Empty], Steps: 5, GuidanceScale: 7.5, Latents: latents));

        // Then
        Assert.Equal(expected.shape, image.shape);
        var difference = (image - expected).abs().max().item<float>();
        Assert.True(difference <= 1e-3, $"max abs difference {difference} > 1e-3");
    }

    [Fact]
    public void A_loaded_unet_saved_again_has_the_checkpoint_keys_and_shapes()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);
        var output = Path.Combine(folder.Path, "saved-unet");
        var component = DiffusersComponent.Open(Path.Combine(folder.Path, "unet"));

        // When
        CheckpointSaver.SaveComponent(model.Unet, component.ConfigJson, output);

        // Then
        using var original = SafetensorsFile.Open(component.ResolveWeights());
        using var saved = SafetensorsFile.Open(Path.Combine(output, CheckpointSaver.DiffusersWeightsFileName));
        Assert.Equal(original.Keys.Order(StringComparer.Ordinal), saved.Keys.Order(StringComparer.Ordinal));
        foreach (var key in original.Keys)
        {
            Assert.Equal(original.ShapeOf(key), saved.ShapeOf(key));
        }
    }

    [Fact]
    public void Generation_refuses_zero_steps_naming_the_property()
    {
        using var folder = ParityPipelineFolder.Create();
        using var model = StableDiffusion.Load(folder.Path);

        var error = Assert.Throws<ArgumentException>(() =>
            TextToImagePipeline.For(model).Generate(new GenerationRequest(["a chest x-ray"], Steps: 0)));

        Assert.Equal("Steps: must be at least 1, not 0", error.Message);
    }
}

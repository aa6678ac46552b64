using MemControl.Models.Loading;
using MemControl.Models.Pipelines;
using MemControl.Models.Synthetic;
using MemControl.Tests.Models.Unets;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Synthetic;

[Collection(nameof(DefaultDeviceCollection))]
public sealed class Sd15FolderWriterTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"sd15-writer-{Guid.NewGuid():N}");

    [Fact]
    public void A_tiny_folder_loads_as_a_pipeline_and_denoises_to_finite_values()
    {
        // Given
        var folder = Path.Combine(root, "tiny");
        Sd15FolderWriter.Write(folder, ScalarType.Float32, seed: 3, Sd15Scale.Tiny, TestPaths.RequireClipTokenizerDir());

        // When
        using var model = StableDiffusion.Load(folder);
        using var states = model.EncodePrompts(["a chest x-ray"]);
        using var latents = randn(1, 4, 8, 8);
        using var noise = model.Unet.call(latents, tensor(500L), states);

        // Then
        Assert.Equal(new long[] { 1, 77, 32 }, states.shape);
        Assert.Equal(new long[] { 1, 4, 8, 8 }, noise.shape);
        Assert.True(noise.isfinite().all().item<bool>());
        Assert.Equal(8, model.LatentScale);
        Assert.Equal("PNDMScheduler", DiffusersFolder.Open(folder).OpenComponent("scheduler").ClassName);
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_other_bytes()
    {
        var tokenizer = TestPaths.RequireClipTokenizerDir();
        Sd15FolderWriter.Write(Path.Combine(root, "a"), ScalarType.Float16, seed: 1, Sd15Scale.Tiny, tokenizer);
        Sd15FolderWriter.Write(Path.Combine(root, "b"), ScalarType.Float16, seed: 1, Sd15Scale.Tiny, tokenizer);
        Sd15FolderWriter.Write(Path.Combine(root, "c"), ScalarType.Float16, seed: 2, Sd15Scale.Tiny, tokenizer);

        var unet = Path.Combine("unet", "diffusion_pytorch_model.safetensors");
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "a", unet)), File.ReadAllBytes(Path.Combine(root, "b", unet)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(root, "a", unet)), File.ReadAllBytes(Path.Combine(root, "c", unet)));
    }

    [Fact]
    public void An_fp16_folder_holds_f16_tensors_with_the_layout_keys()
    {
        // Given
        var folder = Path.Combine(root, "fp16");
        Sd15FolderWriter.Write(folder, ScalarType.Float16, seed: 0, Sd15Scale.Tiny, TestPaths.RequireClipTokenizerDir());

        // When
        using var file = SafetensorsFile.Open(Path.Combine(folder, "text_encoder", "model.safetensors"));

        // Then: floating tensors in F16, the position_ids buffer in I64 holding 0..76 as transformers 4 saved it
        var expected = Sd15Layout.For(Sd15Scale.Tiny).Entries("text_encoder", SafetensorsDType.FromScalarType(ScalarType.Float16)!);
        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), file.Keys.Order(StringComparer.Ordinal));
        Assert.All(file.Keys.Where(key => key != Sd15Layout.PositionIdsKey), key => Assert.Equal("F16", file.GetInfo(key).DType.Name));
        using var positions = file.Read(Sd15Layout.PositionIdsKey);
        Assert.Equal(76L, positions[0, 76].item<long>());
    }

    [Fact]
    public void A_dtype_other_than_fp32_fp16_or_bf16_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Sd15FolderWriter.Write(Path.Combine(root, "x"), ScalarType.Int32, 0, Sd15Scale.Tiny, TestPaths.RequireClipTokenizerDir()));

        Assert.Equal("dtype", error.ParamName);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

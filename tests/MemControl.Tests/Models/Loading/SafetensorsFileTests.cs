using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Loading;

public sealed class SafetensorsFileTests
{
    [Fact]
    public void Opening_the_fixture_vae_lists_its_keys_shapes_and_metadata_without_reading_tensors()
    {
        // Given
        var path = TestPaths.RequireParityPath("vae", "diffusion_pytorch_model.safetensors");

        // When
        using var file = SafetensorsFile.Open(path);
        var info = file.GetInfo("decoder.conv_in.weight");

        // Then
        Assert.Contains("encoder.mid_block.attentions.0.to_q.weight", file.Keys);
        Assert.Equal("F32", info.DType.Name);
        Assert.Equal([64L, 4, 3, 3], info.Shape);
        Assert.Equal(64 * 4 * 3 * 3 * 4, info.ByteLength);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void Reading_one_key_returns_the_values_stored_at_its_offsets()
    {
        // Given: a file of known little-endian floats, written by hand
        var values = new[] { 1.5f, -2.25f, 3.0f, 0.125f };
        var data = values.SelectMany(BitConverter.GetBytes).ToArray();
        using var folder = new TempFolder();
        var path = folder.File("hand.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build(
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[3],"data_offsets":[4,16]}}""", data));

        // When
        using var file = SafetensorsFile.Open(path);
        using var b = file.Read("b");

        // Then
        Assert.Equal(ScalarType.Float32, b.dtype);
        Assert.Equal(new[] { -2.25f, 3.0f, 0.125f }, b.data<float>().ToArray());
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Int16)]
    [InlineData(ScalarType.Int8)]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Bool)]
    public void Every_supported_dtype_round_trips_with_identical_bytes(ScalarType dtype)
    {
        // Given
        using var folder = new TempFolder();
        var original = (randn(3, 5) * 7).to(dtype);
        var path = folder.File("one.safetensors");

        // When
        SafetensorsFile.Save(path, new Dictionary<string, Tensor> { ["t"] = original });
        using var file = SafetensorsFile.Open(path);
        using var back = file.Read("t");

        // Then
        Assert.Equal(dtype, back.dtype);
        Assert.Equal(original.shape, back.shape);
        Assert.Equal(original.bytes.ToArray(), back.bytes.ToArray());
    }

    [Fact]
    public void Half_precision_values_read_back_as_the_numbers_written()
    {
        // Given: values exactly representable in fp16 and bf16
        using var folder = new TempFolder();
        var values = tensor(new[] { 0.5f, -1.0f, 2.0f, 1024.0f });
        var path = folder.File("half.safetensors");
        SafetensorsFile.Save(path, new Dictionary<string, Tensor> { ["h"] = values.half(), ["b"] = values.bfloat16() });

        // When
        using var file = SafetensorsFile.Open(path);
        using var half = file.Read("h");
        using var brain = file.Read("b");

        // Then
        Assert.Equal("F16", file.GetInfo("h").DType.Name);
        Assert.Equal("BF16", file.GetInfo("b").DType.Name);
        Assert.Equal(values.data<float>().ToArray(), half.@float().data<float>().ToArray());
        Assert.Equal(values.data<float>().ToArray(), brain.@float().data<float>().ToArray());
    }

    [Fact]
    public void Tensors_larger_than_one_slice_are_read_and_written_in_slices_without_changing_a_byte()
    {
        // Given: slices of 40 bytes, so a 3×7 float tensor (84 bytes) moves in three pieces
        using var folder = new TempFolder();
        var original = randn(3, 7);
        var path = folder.File("sliced.safetensors");
        var previous = TensorBytes.ChunkBytes;
        TensorBytes.ChunkBytes = 40;
        try
        {
            // When
            SafetensorsFile.Save(path, new Dictionary<string, Tensor> { ["t"] = original, ["u"] = original.t() });
            using var file = SafetensorsFile.Open(path);
            using var back = file.Read("t");
            using var transposed = file.Read("u");

            // Then
            Assert.Equal(original.bytes.ToArray(), back.bytes.ToArray());
            Assert.Equal(original.t().contiguous().bytes.ToArray(), transposed.bytes.ToArray());
        }
        finally
        {
            TensorBytes.ChunkBytes = previous;
        }
    }

    [Fact]
    public void Asking_for_a_key_the_file_lacks_names_the_key_and_the_file()
    {
        // Given
        var path = TestPaths.RequireParityPath("vae", "diffusion_pytorch_model.safetensors");
        using var file = SafetensorsFile.Open(path);

        // When
        var error = Assert.Throws<KeyNotFoundException>(() => file.Read("no.such.key"));

        // Then
        Assert.Contains("no.such.key", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Opening_a_missing_file_says_which_file()
    {
        // Given
        using var folder = new TempFolder();
        var path = folder.File("absent.safetensors");

        // When
        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Open(path));

        // Then
        Assert.Contains(path, error.Message);
    }
}

using System.Text.Json;
using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Loading;

public sealed class SafetensorsWriterTests
{
    [Fact]
    public void The_header_parsed_independently_has_format_pt_aligned_length_and_offsets_that_tile_the_data()
    {
        // Given
        using var folder = new TempFolder();
        var path = folder.File("w.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["b.weight"] = ones(2, 3, dtype: ScalarType.Float16),
            ["a.weight"] = ones(5, dtype: ScalarType.Float32),
            ["steps"] = ones(1, dtype: ScalarType.Int64),
            ["mask"] = ones(3, dtype: ScalarType.Bool),
        };

        // When
        SafetensorsWriter.Write(path, tensors);
        var bytes = File.ReadAllBytes(path);
        var (length, header) = RawSafetensors.ParseHeader(bytes);

        // Then
        using (header)
        {
            Assert.Equal(0UL, length % 8);
            Assert.Equal((byte)' ', bytes[8 + (int)length - 1]);
            var entries = header.RootElement.EnumerateObject().ToList();
            Assert.Equal("__metadata__", entries[0].Name);
            Assert.Equal("pt", entries[0].Value.GetProperty("format").GetString());
            // widest dtype first, then by name: I64, F32, F16, BOOL
            Assert.Equal(["steps", "a.weight", "b.weight", "mask"], entries.Skip(1).Select(e => e.Name));
            var position = 0L;
            foreach (var entry in entries.Skip(1))
            {
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
                Assert.Equal(position, offsets[0]);
                position = offsets[1];
            }

            Assert.Equal(bytes.Length - 8 - (long)length, position);
            Assert.Equal([2L, 3], entries[3].Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            Assert.Equal("F16", entries[3].Value.GetProperty("dtype").GetString());
        }
    }

    [Fact]
    public void The_fixture_unet_weights_round_trip_with_identical_keys_shapes_dtypes_and_bytes()
    {
        // Given
        var fixture = TestPaths.RequireParityPath("unet", "diffusion_pytorch_model.safetensors");
        using var folder = new TempFolder();
        var copy = folder.File("unet.safetensors");
        var original = SafetensorsFile.ReadAll(fixture);

        // When
        SafetensorsWriter.Write(copy, original);
        var back = SafetensorsFile.ReadAll(copy);

        // Then
        Assert.Equal(original.Keys.Order(StringComparer.Ordinal), back.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(684, back.Count);
        foreach (var (key, tensor) in original)
        {
            Assert.Equal(tensor.dtype, back[key].dtype);
            Assert.Equal(tensor.shape, back[key].shape);
            Assert.True(tensor.bytes.SequenceEqual(back[key].bytes), $"bytes of {key} differ");
        }
    }

    [Theory]
    [InlineData("unet", "diffusion_pytorch_model.safetensors")]
    [InlineData("vae", "diffusion_pytorch_model.safetensors")]
    [InlineData("text_encoder", "model.safetensors")]
    public void Rewriting_a_fixture_reproduces_the_reference_writers_file_byte_for_byte(string component, string fileName)
    {
        // Given: files written by Python safetensors via save_pretrained
        var fixture = TestPaths.RequireParityPath(component, fileName);
        using var folder = new TempFolder();
        var copy = folder.File(fileName);

        // When
        SafetensorsWriter.Write(copy, SafetensorsFile.ReadAll(fixture));

        // Then: same key order, JSON spelling, padding and data layout as the reference writer
        Assert.True(File.ReadAllBytes(fixture).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), "our file differs from the reference writer's");
    }

    [Fact]
    public void Writing_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        // Given
        using var folder = new TempFolder();
        var path = folder.File("w.safetensors");
        File.WriteAllText(path, "old contents");

        // When
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["x"] = zeros(4) });

        // Then
        Assert.Equal(["w.safetensors"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(["x"], file.Keys);
    }

    [Fact]
    public void A_tensor_of_a_dtype_the_format_cannot_hold_is_refused_and_the_old_file_is_kept()
    {
        // Given
        using var folder = new TempFolder();
        var path = folder.File("w.safetensors");
        File.WriteAllText(path, "old contents");

        // When
        var error = Assert.Throws<ArgumentException>(() =>
            SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["complex"] = zeros(2, dtype: ScalarType.ComplexFloat32) }));

        // Then
        Assert.Contains("complex", error.Message);
        Assert.Equal("old contents", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Given_metadata_is_written_instead_of_the_default()
    {
        // Given
        using var folder = new TempFolder();
        var path = folder.File("m.safetensors");

        // When
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["x"] = zeros(1) }, new Dictionary<string, string> { ["format"] = "pt", ["base"] = "abc" });
        using var file = SafetensorsFile.Open(path);

        // Then
        Assert.Equal("abc", file.Metadata["base"]);
        Assert.Equal("pt", file.Metadata["format"]);
    }
}

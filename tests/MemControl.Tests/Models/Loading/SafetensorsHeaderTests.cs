using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using MemControl.Tests.Support;

namespace MemControl.Tests.Models.Loading;

/// <summary>Every kind of damaged or hostile file is refused on open with an InvalidDataException naming file and field.</summary>
public sealed class SafetensorsHeaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_shorter_than_the_length_field_is_reported_as_truncated()
    {
        var error = OpenBytes([1, 2, 3]);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_file_cut_off_inside_its_data_names_the_tensor_that_runs_past_the_end()
    {
        // Given: a real checkpoint missing its last 100 bytes
        var fixture = File.ReadAllBytes(TestPaths.RequireParityPath("vae", "diffusion_pytorch_model.safetensors"));

        // When
        var error = OpenBytes(fixture[..^100]);

        // Then
        Assert.Contains("runs past the data section", error.Message);
        Assert.Contains("tensor '", error.Message);
    }

    [Fact]
    public void A_header_length_larger_than_the_file_is_refused_before_allocating_it()
    {
        // Given: the length field claims 50 MB (below the cap), the file has a few bytes
        var error = OpenBytes(RawSafetensors.Build("{}", [], declaredLength: 50_000_000));

        // Then
        Assert.Contains("50000000", error.Message);
        Assert.Contains("only 2 bytes follow", error.Message);
    }

    [Fact]
    public void A_header_length_above_the_cap_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("{}", [], declaredLength: ulong.MaxValue));
        Assert.Contains("limit", error.Message);
    }

    [Fact]
    public void A_header_that_is_not_json_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("this is not json", []));
        Assert.Contains("not valid UTF-8 JSON", error.Message);
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_refused()
    {
        // Given: a tensor name with a lone 0xFF byte
        var bytes = RawSafetensors.Build("""{"aX":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}""", []);
        bytes[8 + 3] = 0xFF;

        // Then
        Assert.Contains("not valid UTF-8 JSON", OpenBytes(bytes).Message);
    }

    [Fact]
    public void A_json_array_instead_of_an_object_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("[1,2,3]", []));
        Assert.Contains("array, not an object", error.Message);
    }

    [Fact]
    public void Offsets_past_the_end_of_the_data_are_refused_naming_the_tensor()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", new byte[4]));
        Assert.Contains("tensor 'w'", error.Message);
        Assert.Contains("runs past the data section", error.Message);
    }

    [Fact]
    public void Offsets_that_end_before_they_begin_are_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"w":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}""", new byte[4]));
        Assert.Contains("ends before it begins", error.Message);
    }

    [Fact]
    public void Overlapping_offsets_are_refused_naming_both_tensors()
    {
        var error = OpenBytes(RawSafetensors.Build(
            """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", new byte[12]));
        Assert.Contains("overlaps", error.Message);
        Assert.Contains("'a'", error.Message);
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void A_gap_between_tensors_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build(
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", new byte[12]));
        Assert.Contains("gap", error.Message);
    }

    [Fact]
    public void Trailing_bytes_after_the_last_tensor_are_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[9]));
        Assert.Contains("trailing bytes", error.Message);
    }

    [Fact]
    public void A_byte_range_that_does_not_match_shape_times_dtype_size_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"w":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}}""", new byte[8]));
        Assert.Contains("tensor 'w'", error.Message);
        Assert.Contains("needs 6 bytes", error.Message);
    }

    [Fact]
    public void A_negative_dimension_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"w":{"dtype":"F32","shape":[-1,4],"data_offsets":[0,0]}}""", []));
        Assert.Contains("'shape'", error.Message);
        Assert.Contains("-1", error.Message);
    }

    [Fact]
    public void An_absurd_shape_of_two_to_the_forty_elements_is_refused_without_allocating()
    {
        // Given: 2^40 F32 elements (4 TiB) claimed, 16 bytes present
        var error = OpenBytes(RawSafetensors.Build("""{"w":{"dtype":"F32","shape":[1048576,1048576],"data_offsets":[0,16]}}""", new byte[16]));
        Assert.Contains("needs 4398046511104 bytes", error.Message);
    }

    [Fact]
    public void A_shape_whose_element_count_overflows_64_bits_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build(
            """{"w":{"dtype":"F64","shape":[4294967296,4294967296,4],"data_offsets":[0,0]}}""", []));
        Assert.Contains("more elements than a 64-bit count", error.Message);
    }

    [Fact]
    public void An_unsupported_dtype_is_named_with_its_tensor()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"scale":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", new byte[1]));
        Assert.Contains("tensor 'scale'", error.Message);
        Assert.Contains("unsupported dtype 'F8_E4M3'", error.Message);
    }

    [Fact]
    public void A_missing_field_is_named()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"w":{"dtype":"F32","data_offsets":[0,0]}}""", []));
        Assert.Contains("field 'shape' is missing", error.Message);
    }

    [Fact]
    public void Metadata_that_is_not_strings_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build("""{"__metadata__":{"format":1}}""", []));
        Assert.Contains("'__metadata__.format'", error.Message);
    }

    [Fact]
    public void A_name_given_twice_is_refused()
    {
        var error = OpenBytes(RawSafetensors.Build(
            """{"w":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"w":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}""", []));
        Assert.Contains("'w' twice", error.Message);
    }

    [Fact]
    public void An_empty_header_object_is_a_valid_file_with_no_tensors()
    {
        // Given
        var path = _folder.File("empty.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build("{}", []));

        // When
        using var file = SafetensorsFile.Open(path);

        // Then
        Assert.Empty(file.Keys);
    }

    private InvalidDataException OpenBytes(byte[] bytes)
    {
        // Given
        var path = _folder.File("bad.safetensors");
        File.WriteAllBytes(path, bytes);

        // When
        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path).Dispose());

        // Then: always names the file
        Assert.Contains(path, error.Message);
        return error;
    }
}

using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace MemControl.Models.Loading;

/// <summary>
/// The parsed and validated header of a safetensors file: 8 bytes of little-endian u64 length N, then N bytes of UTF-8
/// JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} plus an optional "__metadata__"
/// object of strings; the tensor bytes follow. Everything a later read relies on is checked here, before a single
/// tensor is allocated, so a damaged or hostile file becomes an <see cref="InvalidDataException"/> naming the file and
/// the field — never a native crash or a huge allocation.
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>Largest header accepted. Real SD checkpoints have headers under 200 KB; the reference reader's cap is 100 MB.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Key of the optional string-to-string metadata object.</summary>
    public const string MetadataKey = "__metadata__";

    private const int LengthPrefixBytes = 8;

    private SafetensorsHeader(IReadOnlyList<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Tensors = tensors;
        Metadata = metadata;
        DataStart = dataStart;
    }

    /// <summary>The tensors in the order the header lists them.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The "__metadata__" entries; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Absolute file position of the data section (8 + header length).</summary>
    public long DataStart { get; }

    /// <summary>Reads and validates the header of <paramref name="stream"/>, positioned anywhere; <paramref name="fileName"/> names it in errors.</summary>
    public static SafetensorsHeader Read(Stream stream, string fileName)
    {
        var fileLength = stream.Length;
        if (fileLength < LengthPrefixBytes)
        {
            throw Invalid(fileName, $"the file is truncated: it has {fileLength} bytes, fewer than the 8-byte header length");
        }

        Span<byte> prefix = stackalloc byte[LengthPrefixBytes];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
        {
            throw Invalid(fileName, $"the header length field says {headerLength} bytes, above the {MaxHeaderBytes}-byte limit (not a safetensors file, or damaged)");
        }

        if ((long)headerLength > fileLength - LengthPrefixBytes)
        {
            throw Invalid(fileName, $"the header length field says {headerLength} bytes but only {fileLength - LengthPrefixBytes} bytes follow it (file truncated?)");
        }

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = LengthPrefixBytes + (long)headerLength;
        return Parse(json, fileLength - dataStart, dataStart, fileName);
    }

    private static SafetensorsHeader Parse(byte[] json, long dataLength, long dataStart, string fileName)
    {
        // JsonDocument checks UTF-8 only when a string is decoded (GetString throws InvalidOperationException then),
        // so the whole header is checked first; the fuzz test found this.
        if (!Utf8.IsValid(json))
        {
            throw Invalid(fileName, "the header is not valid UTF-8 JSON (invalid UTF-8 bytes)");
        }

        JsonDocument document;
        try
        {
            // Depth is capped at 64 by default.
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Invalid(fileName, $"the header is not valid UTF-8 JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(fileName, $"the header is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object of tensors");
            }

            var tensors = new List<SafetensorsTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Invalid(fileName, $"the header names '{property.Name}' twice");
                }

                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, fileName);
                }
                else
                {
                    tensors.Add(ReadTensor(property.Name, property.Value, dataLength, fileName));
                }
            }

            CheckRangesTileTheDataSection(tensors, dataLength, fileName);
            return new SafetensorsHeader(tensors, metadata, dataStart);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string fileName)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(fileName, $"field '{MetadataKey}' is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not an object of strings");
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(fileName, $"field '{MetadataKey}.{entry.Name}' is not a string");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadTensor(string name, JsonElement value, long dataLength, string fileName)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(fileName, $"tensor '{name}': its entry is not a JSON object");
        }

        var dtypeName = value.TryGetProperty("dtype", out var dtypeElement) && dtypeElement.ValueKind == JsonValueKind.String
            ? dtypeElement.GetString()!
            : throw Invalid(fileName, $"tensor '{name}': field 'dtype' is missing or not a string");
        var dtype = SafetensorsDType.FromName(dtypeName)
            ?? throw Invalid(fileName, $"tensor '{name}': unsupported dtype '{dtypeName}' (supported: {SafetensorsDType.SupportedNames})");

        var shape = ReadIntegers(value, "shape", name, fileName);
        var offsets = ReadIntegers(value, "data_offsets", name, fileName);
        if (offsets.Length != 2)
        {
            throw Invalid(fileName, $"tensor '{name}': field 'data_offsets' has {offsets.Length} numbers, not [begin, end]");
        }

        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
        {
            throw Invalid(fileName, $"tensor '{name}': field 'data_offsets' [{begin}, {end}] ends before it begins");
        }

        if (end > dataLength)
        {
            throw Invalid(fileName, $"tensor '{name}': field 'data_offsets' [{begin}, {end}] runs past the data section, which has {dataLength} bytes (file truncated?)");
        }

        long expectedBytes;
        try
        {
            expectedBytes = checked(shape.Aggregate(1L, (count, dim) => count * dim) * dtype.ElementSize);
        }
        catch (OverflowException)
        {
            throw Invalid(fileName, $"tensor '{name}': field 'shape' {ShapeFormat.Of(shape)} declares more elements than a 64-bit count can hold");
        }

        if (expectedBytes != end - begin)
        {
            throw Invalid(fileName, $"tensor '{name}': shape {ShapeFormat.Of(shape)} of {dtypeName} needs {expectedBytes} bytes but 'data_offsets' [{begin}, {end}] hold {end - begin}");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(JsonElement entry, string field, string name, string fileName)
    {
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(fileName, $"tensor '{name}': field '{field}' is missing or not an array");
        }

        var numbers = new long[array.GetArrayLength()];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
            {
                throw Invalid(fileName, $"tensor '{name}': field '{field}' holds {item.GetRawText()}, not a non-negative integer");
            }

            numbers[index++] = number;
        }

        return numbers;
    }

    // The reference reader (safetensors' Rust `validate`) requires the byte ranges, sorted, to follow each other
    // without gap or overlap and to end exactly at the end of the file: anything else is damage or a crafted file.
    private static void CheckRangesTileTheDataSection(List<SafetensorsTensorInfo> tensors, long dataLength, string fileName)
    {
        var sorted = tensors.OrderBy(t => t.DataBegin).ThenBy(t => t.DataEnd).ToList();
        var position = 0L;
        SafetensorsTensorInfo? previous = null;
        foreach (var tensor in sorted)
        {
            if (tensor.DataBegin < position)
            {
                throw Invalid(fileName, $"tensor '{tensor.Name}': field 'data_offsets' [{tensor.DataBegin}, {tensor.DataEnd}] overlaps tensor '{previous!.Name}' [{previous.DataBegin}, {previous.DataEnd}]");
            }

            if (tensor.DataBegin > position)
            {
                throw Invalid(fileName, $"tensor '{tensor.Name}': field 'data_offsets' [{tensor.DataBegin}, {tensor.DataEnd}] leaves a gap of {tensor.DataBegin - position} unused bytes before it");
            }

            position = tensor.DataEnd;
            previous = tensor;
        }

        if (position != dataLength)
        {
            throw Invalid(fileName, $"the tensors cover {position} bytes but the data section has {dataLength} (trailing bytes after the last tensor)");
        }
    }

    private static InvalidDataException Invalid(string fileName, string what) =>
        new($"safetensors file '{fileName}': {what}.");
}

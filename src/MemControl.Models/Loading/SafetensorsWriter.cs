using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// Writes tensors as a safetensors file the way the reference writer (Python safetensors, used by diffusers'
/// save_pretrained) lays it out: "__metadata__" first ({"format": "pt"} unless given), tensors sorted by dtype (widest
/// first) then name, compact JSON (non-ASCII names unescaped, as serde_json writes them) padded with spaces to a multiple of 8 bytes so the data section is 8-byte aligned.
/// The file is written under a temporary name and renamed (<see cref="AtomicFile"/>).
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>The metadata diffusers and transformers write; they refuse files whose "format" is not "pt".</summary>
    public static IReadOnlyDictionary<string, string> PyTorchMetadata { get; } = new Dictionary<string, string> { ["format"] = "pt" };

    /// <summary>
    /// Writes <paramref name="tensors"/> (any dtype in <see cref="SafetensorsDType"/>; non-contiguous or non-CPU
    /// tensors are copied to contiguous CPU memory first) to <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = tensors
            .Select(pair => (Name: pair.Key, Tensor: pair.Value, DType: DTypeOf(pair.Key, pair.Value)))
            .OrderBy(e => e.DType.WriteRank)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var header = HeaderBytes(entries.Select(e => (e.Name, e.DType, e.Tensor.shape)).ToList(), metadata ?? PyTorchMetadata);

        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var (_, tensor, dtype) in entries)
            {
                if (tensor.device_type == TorchSharp.DeviceType.CPU && tensor.is_contiguous())
                {
                    TensorBytes.WriteFrom(tensor, stream, dtype.ElementSize);
                }
                else
                {
                    // A scope, not a using: detach() and cpu() make handles of their own (a GPU tensor's CPU copy
                    // among them), and each must go before the next tensor is copied.
                    using var scope = NewDisposeScope();
                    TensorBytes.WriteFrom(tensor.detach().cpu().contiguous(), stream, dtype.ElementSize);
                }
            }
        });
    }

    /// <summary>
    /// Writes a file whose tensors are produced one at a time: the header comes from <paramref name="entries"/>, then
    /// <paramref name="produce"/> is called once per entry in file order and its tensor is written and disposed before
    /// the next is made, so at most one tensor is in memory (a multi-GB checkpoint never needs a second copy).
    /// </summary>
    /// <exception cref="InvalidDataException">A produced tensor's dtype or shape differs from its entry.</exception>
    public static void WriteStreaming(
        string path,
        IReadOnlyList<SafetensorsEntry> entries,
        Func<SafetensorsEntry, Tensor> produce,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = entries
            .OrderBy(e => e.DType.WriteRank)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var header = HeaderBytes(ordered.Select(e => (e.Name, e.DType, e.Shape)).ToList(), metadata ?? PyTorchMetadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var entry in ordered)
            {
                using var produced = produce(entry);
                if (produced.dtype != entry.DType.ScalarType || !produced.shape.SequenceEqual(entry.Shape))
                {
                    throw new InvalidDataException(
                        $"{path}: tensor '{entry.Name}' was produced as {produced.dtype} {ShapeFormat.Of(produced.shape)}, but its header entry says {entry.DType.Name} {ShapeFormat.Of(entry.Shape)}");
                }

                using var scope = NewDisposeScope(); // every copy of this tensor goes before the next is produced
                TensorBytes.WriteFrom(produced.detach().cpu().contiguous(), stream, entry.DType.ElementSize);
            }
        });
    }

    private static SafetensorsDType DTypeOf(string name, Tensor tensor) =>
        SafetensorsDType.FromScalarType(tensor.dtype)
        ?? throw new ArgumentException($"tensor '{name}' has dtype {tensor.dtype}, which safetensors files here cannot hold (supported: {SafetensorsDType.SupportedNames}).", nameof(tensor));

    private static byte[] HeaderBytes(List<(string Name, SafetensorsDType DType, long[] Shape)> entries, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            var offset = 0L;
            foreach (var (name, dtype, shape) in entries)
            {
                var byteLength = checked(shape.Aggregate(1L, (count, dim) => count * dim) * dtype.ElementSize);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.Name);
                json.WriteStartArray("shape");
                foreach (var dim in shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + byteLength);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += byteLength;
            }

            json.WriteEndObject();
        }

        var padding = (int)((8 - buffer.Length % 8) % 8);
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }
}

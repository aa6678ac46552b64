using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// A safetensors file open for reading: the header is validated on open (see <see cref="SafetensorsHeader"/>), tensors
/// are read lazily, one byte range at a time, into CPU tensors of their stored dtype (F16 and BF16 included).
/// <para>
/// Written here rather than taken from TorchSharp.PyBridge (docs/dependencies.md §1) because PyBridge 1.4.4 trusts the header.
/// Probed on 16-byte files: a shape of 2^40 floats makes it ask libtorch for a 4 TiB allocation; a negative
/// dimension surfaces as a native ExternalException; offsets past the end give EndOfStreamException or
/// NotImplementedException. None of those name the file. This reader checks every field first and reports each
/// problem as an <see cref="InvalidDataException"/> naming the file and the tensor.
/// </para>
/// </summary>
public sealed class SafetensorsFile : ITensorSource, IDisposable
{
    private readonly FileStream _stream;
    private readonly SafetensorsHeader _header;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;
    private readonly Lock _readLock = new();

    private SafetensorsFile(string path, FileStream stream, SafetensorsHeader header)
    {
        Path = path;
        _stream = stream;
        _header = header;
        _byName = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Keys = header.Tensors.Select(t => t.Name).ToArray();
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Description => Path;

    /// <summary>The tensor names, in header order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The "__metadata__" strings (diffusers and transformers write {"format": "pt"}).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>Opens <paramref name="path"/> and validates its header; throws <see cref="InvalidDataException"/> on a bad file.</summary>
    public static SafetensorsFile Open(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"safetensors file '{fullPath}' does not exist.", fullPath);
        }

        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            return new SafetensorsFile(fullPath, stream, SafetensorsHeader.Read(stream, fullPath));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads every tensor of <paramref name="path"/> into a dictionary in header order.</summary>
    public static Dictionary<string, Tensor> ReadAll(string path)
    {
        using var file = Open(path);
        return file.Keys.ToDictionary(key => key, file.Read, StringComparer.Ordinal);
    }

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> atomically; see <see cref="SafetensorsWriter"/>.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(path, tensors, metadata);

    /// <summary>True when the file holds a tensor named <paramref name="key"/>.</summary>
    public bool Contains(string key) => _byName.ContainsKey(key);

    /// <summary>Dtype, shape and byte range of tensor <paramref name="key"/>.</summary>
    public SafetensorsTensorInfo GetInfo(string key) =>
        _byName.TryGetValue(key, out var info)
            ? info
            : throw new KeyNotFoundException($"safetensors file '{Path}' has no tensor '{key}'.");

    /// <inheritdoc />
    public long[] ShapeOf(string key) => (long[])GetInfo(key).Shape.Clone();

    /// <inheritdoc />
    public Tensor Read(string key)
    {
        var info = GetInfo(key);
        var tensor = empty(info.Shape, info.DType.ScalarType);
        try
        {
            lock (_readLock)
            {
                _stream.Position = _header.DataStart + info.DataBegin;
                TensorBytes.ReadInto(tensor, _stream, info.DType.ElementSize);
            }

            return tensor;
        }
        catch (EndOfStreamException)
        {
            // The header said the bytes were there; the file shrank since it was opened.
            tensor.Dispose();
            throw new InvalidDataException($"safetensors file '{Path}': tensor '{key}': the file ended before its {info.ByteLength} bytes (changed while open?).");
        }
    }

    public void Dispose() => _stream.Dispose();
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MemControl.Models.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Metrics.Features;

/// <summary>
/// An <see cref="IImageFeatureExtractor"/> that keeps each result in a folder, keyed by the images' values, so the
/// same images are run through the network once per folder, not once per caller. Why: every benchmark row is
/// evaluated against the same training and held-out images, each row in its own worker process, and ResNet-18 at
/// 224 px on those images was the largest part of a row's evaluation (docs/performance.md, "Where the time goes").
/// </summary>
/// <remarks>
/// The key is SHA-256 of the feature space's name, the extractor's type, the images' shape and their float32 values,
/// so different images never share an entry and a changed extractor never reads an old one. An entry is written to a
/// temporary name and renamed (<see cref="AtomicFile"/>), so processes sharing the folder see whole files or none;
/// one that does not hold the expected numbers of rows is computed again and replaced. A result is the first
/// computation's, bit for bit.
/// </remarks>
public sealed class FeatureFileCache(IImageFeatureExtractor inner, string directory) : IImageFeatureExtractor
{
    private const int HeaderBytes = 8;

    public string FeatureSpaceName => inner.FeatureSpaceName;

    /// <summary>The folder the entries live in.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    public FeatureMatrix Extract(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var path = Path.Combine(Directory, $"{Key(images)}.features");
        var count = (int)images.shape[0];
        if (TryRead(path, count) is { } cached)
        {
            return cached;
        }

        var features = inner.Extract(images);
        try
        {
            AtomicFile.Write(path, stream => WriteEntry(stream, features));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time: a folder that cannot take the entry (read-only, full) leaves the result as
            // computed, and the next caller computes it again.
        }

        return features;
    }

    private string Key(Tensor images)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{inner.FeatureSpaceName}\n{inner.GetType().FullName}\n{string.Join(',', images.shape)}\n"));
        using var values = images.detach().to(ScalarType.Float32, CPU).contiguous();
        hash.AppendData(MemoryMarshal.AsBytes(values.data<float>().ToArray().AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The entry at <paramref name="path"/> when it holds <paramref name="count"/> whole rows; otherwise null.</summary>
    private static FeatureMatrix? TryRead(string path, int count)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (bytes.Length < HeaderBytes)
        {
            return null;
        }

        var rows = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (rows != count || dimension <= 0 || bytes.Length - HeaderBytes != (long)rows * dimension * sizeof(float))
        {
            return null;
        }

        var values = new float[rows * dimension];
        bytes.AsSpan(HeaderBytes).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return new FeatureMatrix(values, rows, dimension);
    }

    /// <summary>Rows and dimension (int32, little-endian), then the row-major float32 values (little-endian: linux-x64 only, README).</summary>
    private static void WriteEntry(Stream stream, FeatureMatrix features)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, features.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], features.Dimension);
        stream.Write(header);
        stream.Write(MemoryMarshal.AsBytes(features.Values.AsSpan()));
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace MemControl.Data.FashionMnist;

/// <summary>
/// The IDX format of MNIST-style datasets (LeCun's description): a big-endian magic number
/// <c>00 00 08 D</c> (0x08 = unsigned bytes, D = number of dimensions), D big-endian 32-bit sizes, then the bytes.
/// Gzip-compressed files (magic 1F 8B) are read transparently. Written by hand: a few lines, and no package reads it.
/// </summary>
public sealed class IdxFile
{
    private IdxFile(int[] dimensions, byte[] data)
    {
        Dimensions = dimensions;
        Data = data;
    }

    public IReadOnlyList<int> Dimensions { get; }

    public byte[] Data { get; }

    public static IdxFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                bytes = plain.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: the gzip data is damaged ({e.Message}); download the file again.", e);
            }
        }

        return Parse(bytes, path);
    }

    public static IdxFile Parse(byte[] bytes, string source)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
        {
            throw new InvalidDataException($"{source}: not an IDX file (it must start with 00 00 08 <dimensions>).");
        }

        if (bytes[2] != 0x08)
        {
            throw new InvalidDataException($"{source}: IDX element type 0x{bytes[2]:X2} is not supported (only 0x08, unsigned bytes).");
        }

        var rank = bytes[3];
        var headerLength = 4 + (4 * rank);
        if (rank == 0 || bytes.Length < headerLength)
        {
            throw new InvalidDataException($"{source}: the IDX header is cut short.");
        }

        var dimensions = new int[rank];
        long count = 1;
        for (var d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * d)));
            if (dimensions[d] < 0)
            {
                throw new InvalidDataException($"{source}: IDX dimension {d} is negative.");
            }

            count *= dimensions[d];
        }

        if (bytes.Length - headerLength != count)
        {
            throw new InvalidDataException(
                $"{source}: the header promises {count} values ({string.Join("×", dimensions)}) but the file holds {bytes.Length - headerLength}; the file is truncated or not IDX.");
        }

        return new IdxFile(dimensions, bytes[headerLength..]);
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace MemControl.Tests.Models.Loading.Support;

/// <summary>Builds safetensors bytes by hand (header text + data), so tests can write files the writer never would.</summary>
public static class RawSafetensors
{
    /// <summary>8-byte length (the header's, unless <paramref name="declaredLength"/> overrides it), header, data.</summary>
    public static byte[] Build(string headerJson, byte[] data, ulong? declaredLength = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>Reads a safetensors header with nothing but System.Text.Json: (declared length, parsed header).</summary>
    public static (ulong Length, JsonDocument Header) ParseHeader(byte[] file)
    {
        var length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        return (length, JsonDocument.Parse(file.AsMemory(8, (int)length)));
    }
}

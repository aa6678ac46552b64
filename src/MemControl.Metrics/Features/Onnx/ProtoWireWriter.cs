namespace MemControl.Metrics.Features.Onnx;

/// <summary>Writes protobuf wire-format fields (the counterpart of <see cref="ProtoWireReader"/>).</summary>
internal sealed class ProtoWireWriter
{
    private readonly MemoryStream _stream = new();

    /// <summary>Copies a field exactly as it was read.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    /// <summary>Writes a length-delimited field (a sub-message, string or bytes).</summary>
    public void WriteLengthDelimited(int fieldNumber, ReadOnlySpan<byte> payload)
    {
        WriteVarint(((ulong)fieldNumber << 3) | ProtoField.LengthDelimited);
        WriteVarint((ulong)payload.Length);
        _stream.Write(payload);
    }

    public byte[] ToArray() => _stream.ToArray();

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}

namespace MemControl.Metrics.Features.Onnx;

/// <summary>
/// Reads the protocol-buffers wire format field by field (tag, then a varint, fixed or length-delimited value).
/// Written by hand because the only edit we need on an ONNX file is tiny (the batch dimension, see
/// <see cref="OnnxModelRewriter"/>), which copies every other field's bytes through; Google.Protobuf would need
/// generated ONNX classes (and re-encode the model) for that (docs/dependencies.md §8).
/// </summary>
internal ref struct ProtoWireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtoWireReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _buffer.Length;

    /// <summary>Reads the next field: its number, wire type, and the raw bytes of the whole field (tag included).</summary>
    public ProtoField ReadField()
    {
        var start = _position;
        var tag = ReadVarint();
        var fieldNumber = (int)(tag >> 3);
        var wireType = (int)(tag & 7);
        var valueStart = _position;
        ulong varintValue = 0;
        switch (wireType)
        {
            case 0: // varint
                varintValue = ReadVarint();
                valueStart = _position;
                break;
            case 1: // 64-bit
                Advance(8);
                break;
            case 2: // length-delimited: the payload is a sub-message, a string, bytes or a packed array
                var length = ReadVarint();
                if (length > (ulong)(_buffer.Length - _position))
                {
                    throw new InvalidDataException($"protobuf field {fieldNumber} claims {length} bytes past the end of the message");
                }

                valueStart = _position;
                Advance((int)length);
                break;
            case 5: // 32-bit
                Advance(4);
                break;
            default:
                throw new InvalidDataException($"protobuf field {fieldNumber} has unsupported wire type {wireType}");
        }

        return new ProtoField(fieldNumber, wireType, start, valueStart, _position, varintValue);
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw new InvalidDataException("protobuf varint runs past the end of the message");
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("protobuf varint is longer than 10 bytes");
    }

    private void Advance(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new InvalidDataException("protobuf field runs past the end of the message");
        }

        _position += count;
    }
}

namespace MemControl.Metrics.Features.Onnx;

/// <summary>
/// One field of a protobuf message as offsets into the message: <c>[Start, End)</c> is the whole field (tag included),
/// <c>[ValueStart, End)</c> the payload of a length-delimited field.
/// </summary>
internal readonly record struct ProtoField(int Number, int WireType, int Start, int ValueStart, int End, ulong Varint)
{
    public const int LengthDelimited = 2;

    public bool IsLengthDelimited => WireType == LengthDelimited;
}

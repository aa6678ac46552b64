using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MemControl.Metrics.Features.Onnx;

/// <summary>
/// Reads one float32 initializer (a constant tensor) out of an ONNX model's bytes, e.g. the per-pixel BGR
/// <c>MeanImage</c> of ResNetPreprocess.onnx, so that preprocessing can be done in C# exactly as that graph does it.
/// </summary>
public static class OnnxInitializerReader
{
    // onnx.proto: ModelProto.graph = 7; GraphProto.initializer = 5;
    // TensorProto: dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9; TensorProto.DataType.FLOAT = 1.
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorFloatData = 4;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int FloatDataType = 1;

    /// <summary>Returns the shape and values of the float initializer <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">No float initializer of that name, or its data does not fit its shape.</exception>
    public static (long[] Shape, float[] Values) ReadFloat(ReadOnlySpan<byte> model, string name)
    {
        var modelReader = new ProtoWireReader(model);
        while (!modelReader.AtEnd)
        {
            var modelField = modelReader.ReadField();
            if (modelField.Number != ModelGraph || !modelField.IsLengthDelimited)
            {
                continue;
            }

            var graph = model[modelField.ValueStart..modelField.End];
            var graphReader = new ProtoWireReader(graph);
            while (!graphReader.AtEnd)
            {
                var graphField = graphReader.ReadField();
                if (graphField.Number == GraphInitializer && graphField.IsLengthDelimited)
                {
                    var tensor = graph[graphField.ValueStart..graphField.End];
                    if (OnnxModelRewriter.ReadStringField(tensor, TensorName) == name)
                    {
                        return ReadFloatTensor(tensor, name);
                    }
                }
            }
        }

        throw new InvalidDataException($"ONNX model has no initializer named '{name}'");
    }

    private static (long[] Shape, float[] Values) ReadFloatTensor(ReadOnlySpan<byte> tensor, string name)
    {
        var shape = new List<long>();
        var values = new List<float>();
        var dataType = 0UL;
        var reader = new ProtoWireReader(tensor);
        while (!reader.AtEnd)
        {
            var field = reader.ReadField();
            var payload = tensor[field.ValueStart..field.End];
            switch (field.Number)
            {
                case TensorDims when field.IsLengthDelimited: // packed int64s
                    var dimsReader = new ProtoWireReader(PackedAsFields(payload));
                    while (!dimsReader.AtEnd)
                    {
                        shape.Add((long)dimsReader.ReadField().Varint);
                    }

                    break;
                case TensorDims:
                    shape.Add((long)field.Varint);
                    break;
                case TensorDataType:
                    dataType = field.Varint;
                    break;
                case TensorFloatData when field.IsLengthDelimited: // packed little-endian floats
                case TensorRawData:
                    values.AddRange(MemoryMarshal.Cast<byte, float>(payload).ToArray());
                    break;
                case TensorFloatData: // one unpacked float: its 4 bytes end the field
                    values.Add(BinaryPrimitives.ReadSingleLittleEndian(tensor[(field.End - 4)..field.End]));
                    break;
            }
        }

        if (dataType != FloatDataType)
        {
            throw new InvalidDataException($"ONNX initializer '{name}' has data type {dataType}, expected 1 (float)");
        }

        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != values.Count)
        {
            throw new InvalidDataException($"ONNX initializer '{name}' has {values.Count} values for shape [{string.Join(",", shape)}]");
        }

        return (shape.ToArray(), values.ToArray());
    }

    // A packed repeated varint field is a run of bare varints; prefixing each with a tag-0 key would be needed to read them
    // as fields, so instead re-encode them as (field 1, varint) pairs: tag byte 0x08 before each varint.
    private static byte[] PackedAsFields(ReadOnlySpan<byte> packed)
    {
        var output = new List<byte>(packed.Length * 2);
        var newValue = true;
        foreach (var b in packed)
        {
            if (newValue)
            {
                output.Add(0x08);
            }

            output.Add(b);
            newValue = b < 0x80;
        }

        return output.ToArray();
    }
}

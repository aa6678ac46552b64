using System.Text;

namespace MemControl.Metrics.Features.Onnx;

/// <summary>
/// Edits an ONNX model's bytes in memory before ONNX Runtime loads them.
/// <para>
/// Why: the ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK export, IR 3) declares its input as
/// <c>[1,3,224,224]</c>, so ONNX Runtime refuses a batch of 64 ("Expected: 1"), and one-image runs cost about twice as
/// much per image (docs/dependencies.md §2). The fix is to rename dimension 0 of the graph's data inputs and outputs to a
/// symbolic <c>dim_param</c> and drop the <c>value_info</c> shape hints, which also pin the batch to 1; ONNX Runtime
/// then infers every intermediate shape itself. This is a small edit of the protobuf wire format, written by hand with
/// <see cref="ProtoWireReader"/> because no protobuf runtime is otherwise a dependency here. The weights are copied
/// byte for byte.
/// </para>
/// </summary>
public static class OnnxModelRewriter
{
    // Field numbers from onnx.proto (ModelProto, GraphProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto).
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int GraphValueInfo = 13;
    private const int TensorName = 8;
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensorType = 1;
    private const int TensorTypeShape = 2;
    private const int ShapeDim = 1;
    private const int DimensionParam = 2;

    /// <summary>
    /// Returns the model with dimension 0 of every graph input that is not an initializer, and of every graph output,
    /// replaced by the symbolic dimension <paramref name="batchDimensionName"/>, and with the graph's value_info removed.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model with a graph.</exception>
    public static byte[] MakeBatchDimensionDynamic(ReadOnlySpan<byte> model, string batchDimensionName = "N")
    {
        var writer = new ProtoWireWriter();
        var reader = new ProtoWireReader(model);
        var sawGraph = false;
        while (!reader.AtEnd)
        {
            var field = reader.ReadField();
            if (field.Number == ModelGraph && field.IsLengthDelimited)
            {
                sawGraph = true;
                writer.WriteLengthDelimited(ModelGraph, RewriteGraph(model[field.ValueStart..field.End], batchDimensionName));
            }
            else
            {
                writer.WriteRaw(model[field.Start..field.End]);
            }
        }

        if (!sawGraph)
        {
            throw new InvalidDataException("ONNX model has no graph (ModelProto field 7)");
        }

        return writer.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph, string batchDimensionName)
    {
        var initializerNames = ReadInitializerNames(graph);
        var writer = new ProtoWireWriter();
        var reader = new ProtoWireReader(graph);
        while (!reader.AtEnd)
        {
            var field = reader.ReadField();
            var payload = graph[field.ValueStart..field.End];
            switch (field.Number)
            {
                case GraphValueInfo:
                    break; // dropped: these shape hints pin the batch to 1 and ORT re-infers them
                case GraphInput when field.IsLengthDelimited && !initializerNames.Contains(ReadStringField(payload, ValueInfoName)):
                case GraphOutput when field.IsLengthDelimited:
                    writer.WriteLengthDelimited(field.Number, RewriteValueInfo(payload, batchDimensionName));
                    break;
                default:
                    writer.WriteRaw(graph[field.Start..field.End]);
                    break;
            }
        }

        return writer.ToArray();
    }

    // ValueInfoProto.type → TypeProto.tensor_type → Tensor.shape → first TensorShapeProto.dim.
    private static byte[] RewriteValueInfo(ReadOnlySpan<byte> valueInfo, string name) =>
        RewriteSubMessage(valueInfo, ValueInfoType, type =>
            RewriteSubMessage(type, TypeTensorType, tensorType =>
                RewriteSubMessage(tensorType, TensorTypeShape, shape => ReplaceFirstDimension(shape, name))));

    private static byte[] ReplaceFirstDimension(ReadOnlySpan<byte> shape, string name)
    {
        var writer = new ProtoWireWriter();
        var reader = new ProtoWireReader(shape);
        var replaced = false;
        while (!reader.AtEnd)
        {
            var field = reader.ReadField();
            if (field.Number == ShapeDim && !replaced)
            {
                var dimension = new ProtoWireWriter();
                dimension.WriteLengthDelimited(DimensionParam, Encoding.UTF8.GetBytes(name));
                writer.WriteLengthDelimited(ShapeDim, dimension.ToArray());
                replaced = true;
            }
            else
            {
                writer.WriteRaw(shape[field.Start..field.End]);
            }
        }

        return writer.ToArray();
    }

    private delegate byte[] SubMessageRewrite(ReadOnlySpan<byte> payload);

    private static byte[] RewriteSubMessage(ReadOnlySpan<byte> message, int fieldNumber, SubMessageRewrite rewrite)
    {
        var writer = new ProtoWireWriter();
        var reader = new ProtoWireReader(message);
        while (!reader.AtEnd)
        {
            var field = reader.ReadField();
            if (field.Number == fieldNumber && field.IsLengthDelimited)
            {
                writer.WriteLengthDelimited(fieldNumber, rewrite(message[field.ValueStart..field.End]));
            }
            else
            {
                writer.WriteRaw(message[field.Start..field.End]);
            }
        }

        return writer.ToArray();
    }

    private static HashSet<string> ReadInitializerNames(ReadOnlySpan<byte> graph)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new ProtoWireReader(graph);
        while (!reader.AtEnd)
        {
            var field = reader.ReadField();
            if (field.Number == GraphInitializer && field.IsLengthDelimited)
            {
                names.Add(ReadStringField(graph[field.ValueStart..field.End], TensorName));
            }
        }

        return names;
    }

    internal static string ReadStringField(ReadOnlySpan<byte> message, int fieldNumber)
    {
        var reader = new ProtoWireReader(message);
        while (!reader.AtEnd)
        {
            var field = reader.ReadField();
            if (field.Number == fieldNumber && field.IsLengthDelimited)
            {
                return Encoding.UTF8.GetString(message[field.ValueStart..field.End]);
            }
        }

        return "";
    }
}

using System.Text;
using MemControl.Metrics.Features.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace MemControl.Tests.Metrics;

/// <summary>
/// The rewriter on a tiny IR-3 model written here byte by byte (Y = X + B, B an initializer that IR 3 also lists as a
/// graph input), with ONNX Runtime as the judge — so it runs without the ResNet download.
/// </summary>
public class OnnxModelRewriterTests
{
    private static readonly float[] Bias = [1f, 2f, 3f, 4f];

    [Fact]
    public void A_model_fixed_at_batch_one_runs_a_batch_of_three_after_the_rewrite()
    {
        // Given
        var model = TinyAddModel();
        var input = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();

        // When
        var rewritten = OnnxModelRewriter.MakeBatchDimensionDynamic(model);
        using var session = new InferenceSession(rewritten);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [3, 4]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["X"], [value], ["Y"]);
        var output = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        // Then: X's batch is symbolic, the initializer input B kept its shape, and Y = X + B row by row
        Assert.Equal([-1, 4], session.InputMetadata["X"].Dimensions);
        Assert.Equal(input.Select((x, i) => x + Bias[i % 4]), output);
    }

    [Fact]
    public void The_original_model_refuses_a_batch_of_three()
    {
        // Given
        using var session = new InferenceSession(TinyAddModel());
        using var value = OrtValue.CreateTensorValueFromMemory(new float[12], [3, 4]);
        using var runOptions = new RunOptions();

        // When
        var error = Record.Exception(() => session.Run(runOptions, ["X"], [value], ["Y"]));

        // Then
        Assert.IsType<OnnxRuntimeException>(error);
    }

    [Fact]
    public void A_float_initializer_is_read_with_its_shape()
    {
        // Given / When
        var (shape, values) = OnnxInitializerReader.ReadFloat(TinyAddModel(), "B");

        // Then
        Assert.Equal([1L, 4], shape);
        Assert.Equal(Bias, values);
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_rejected_as_invalid_data()
    {
        // Given: a length-delimited field that claims more bytes than there are
        byte[] garbage = [0x3A, 0x7F, 0x01];

        // When
        var error = Record.Exception(() => OnnxModelRewriter.MakeBatchDimensionDynamic(garbage));

        // Then
        Assert.IsType<InvalidDataException>(error);
    }

    // onnx.proto field numbers: ModelProto ir_version 1, graph 7, opset_import 8; GraphProto node 1, name 2,
    // initializer 5, input 11, output 12, value_info 13; NodeProto input 1, output 2, op_type 4; TensorProto dims 1,
    // data_type 2, float_data 4, name 8; ValueInfoProto name 1, type 2; TypeProto tensor_type 1; Tensor elem_type 1,
    // shape 2; TensorShapeProto dim 1; Dimension dim_value 1.
    private static byte[] TinyAddModel()
    {
        var node = Concat(Text(1, "X"), Text(1, "B"), Text(2, "Y"), Text(4, "Add"));
        var floats = Bias.SelectMany(BitConverter.GetBytes).ToArray();
        var initializer = Concat(Number(1, 1), Number(1, 4), Number(2, 1), Bytes(4, floats), Text(8, "B"));
        var graph = Concat(
            Bytes(1, node), Text(2, "tiny"), Bytes(5, initializer),
            Bytes(11, ValueInfo("X")), Bytes(11, ValueInfo("B")), Bytes(12, ValueInfo("Y")), Bytes(13, ValueInfo("Y")));
        var opset = Concat(Text(1, ""), Number(2, 8));
        return Concat(Number(1, 3), Bytes(7, graph), Bytes(8, opset));
    }

    private static byte[] ValueInfo(string name)
    {
        var shape = Concat(Bytes(1, Number(1, 1)), Bytes(1, Number(1, 4)));
        var tensorType = Concat(Number(1, 1), Bytes(2, shape));
        return Concat(Text(1, name), Bytes(2, Bytes(1, tensorType)));
    }

    private static byte[] Number(int field, ulong value) => Concat(Varint((ulong)field << 3), Varint(value));

    private static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Bytes(int field, byte[] payload) =>
        Concat(Varint(((ulong)field << 3) | 2), Varint((ulong)payload.Length), payload);

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return bytes.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}

namespace MemControl.Models.Loading;

/// <summary>
/// One tensor a safetensors file will hold, known before its values exist: its name, dtype and shape. Lets
/// <see cref="SafetensorsWriter.WriteStreaming"/> write the header first and then each tensor as it is produced.
/// </summary>
public sealed record SafetensorsEntry(string Name, SafetensorsDType DType, long[] Shape)
{
    /// <summary>Number of bytes the tensor occupies: element count × element size.</summary>
    public long ByteLength => checked(Shape.Aggregate(1L, (count, dim) => count * dim) * DType.ElementSize);
}

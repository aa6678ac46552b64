namespace MemControl.Models.Loading;

/// <summary>
/// One tensor's entry in a safetensors header, already validated: its dtype, shape and byte range inside the data
/// section (offsets relative to the first byte after the header, as the format defines them).
/// </summary>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, long[] Shape, long DataBegin, long DataEnd)
{
    /// <summary>Number of bytes the tensor occupies: element count × element size.</summary>
    public long ByteLength => DataEnd - DataBegin;

    /// <summary>Number of elements (1 for a scalar of shape []).</summary>
    public long ElementCount => Shape.Aggregate(1L, (count, dim) => count * dim);

    /// <summary>The shape as PyTorch prints it, e.g. <c>[320, 4, 3, 3]</c>.</summary>
    public string ShapeText => ShapeFormat.Of(Shape);
}

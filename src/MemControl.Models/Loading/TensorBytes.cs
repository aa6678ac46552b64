using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// Moves the raw bytes of a contiguous CPU tensor to and from a stream without an intermediate managed copy.
/// TorchSharp exposes a CPU tensor's memory as a <see cref="Span{T}"/> of bytes, whose length is an int, so large
/// tensors are moved in slices of at most <see cref="ChunkBytes"/> (a narrowed view of the flattened tensor).
/// </summary>
internal static class TensorBytes
{
    /// <summary>Largest slice moved at once; settable so tests can exercise the sliced path on small tensors.</summary>
    internal static long ChunkBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Fills <paramref name="tensor"/> (contiguous, CPU) with exactly its byte size read from <paramref name="stream"/>.</summary>
    public static void ReadInto(Tensor tensor, Stream stream, int elementSize) =>
        ForEachSlice(tensor, elementSize, slice => stream.ReadExactly(slice.bytes));

    /// <summary>Writes the bytes of <paramref name="tensor"/> (contiguous, CPU) to <paramref name="stream"/>.</summary>
    public static void WriteFrom(Tensor tensor, Stream stream, int elementSize) =>
        ForEachSlice(tensor, elementSize, slice => stream.Write(slice.bytes));

    private static void ForEachSlice(Tensor tensor, int elementSize, Action<Tensor> action)
    {
        var elements = tensor.numel();
        if (elements == 0)
        {
            return;
        }

        if (elements * elementSize <= ChunkBytes)
        {
            action(tensor);
            return;
        }

        using var flat = tensor.view(-1);
        var sliceElements = Math.Max(1, ChunkBytes / elementSize);
        for (var start = 0L; start < elements; start += sliceElements)
        {
            using var slice = flat.narrow(0, start, Math.Min(sliceElements, elements - start));
            action(slice);
        }
    }
}

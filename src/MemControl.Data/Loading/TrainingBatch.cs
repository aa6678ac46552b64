using static TorchSharp.torch;

namespace MemControl.Data.Loading;

/// <summary>
/// One batch: pixels [B, C, H, W] float32 in [-1, 1], the (possibly augmented) captions, and which dataset items
/// they are. The tensor is created on the consumer's thread, so the caller's dispose scope owns it.
/// </summary>
public sealed class TrainingBatch(Tensor pixels, IReadOnlyList<string> captions, IReadOnlyList<int> indices) : IDisposable
{
    public Tensor Pixels { get; } = pixels;

    public IReadOnlyList<string> Captions { get; } = captions;

    /// <summary>Indices into the dataset, in batch order.</summary>
    public IReadOnlyList<int> Indices { get; } = indices;

    public int Count => Indices.Count;

    public void Dispose() => Pixels.Dispose();
}

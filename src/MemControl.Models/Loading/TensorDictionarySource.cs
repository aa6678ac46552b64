using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>Tensors already in memory as an <see cref="ITensorSource"/>; <see cref="Read"/> returns a detached alias the caller may dispose.</summary>
public sealed class TensorDictionarySource(IReadOnlyDictionary<string, Tensor> tensors, string description = "in-memory state dict") : ITensorSource
{
    /// <inheritdoc />
    public string Description { get; } = description;

    /// <inheritdoc />
    public IReadOnlyList<string> Keys { get; } = tensors.Keys.ToArray();

    /// <inheritdoc />
    public long[] ShapeOf(string key) => Lookup(key).shape;

    /// <inheritdoc />
    public Tensor Read(string key) => Lookup(key).detach();

    private Tensor Lookup(string key) =>
        tensors.TryGetValue(key, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"{Description} has no tensor '{key}'.");
}

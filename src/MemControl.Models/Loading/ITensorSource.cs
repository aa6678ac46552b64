using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// Named tensors that can be listed with their shapes before any is read: a safetensors file, a sharded checkpoint, or
/// tensors already in memory. <see cref="StateDictLoader"/> checks names and shapes first and reads only when all fit.
/// </summary>
public interface ITensorSource
{
    /// <summary>What to call the source in messages: a file path, or a description.</summary>
    string Description { get; }

    /// <summary>Every tensor name.</summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>The shape of tensor <paramref name="key"/>, without reading it.</summary>
    long[] ShapeOf(string key);

    /// <summary>Reads tensor <paramref name="key"/> into a new CPU tensor of its stored dtype, owned by the caller.</summary>
    Tensor Read(string key);
}

namespace MemControl.Peft.Masks;

/// <summary>What one mask bit covers.</summary>
/// <param name="Name">The bit's name: a Transformer2DModel path, or with <c>.attn1</c>/<c>.attn2</c>/<c>.ff</c> in the fine space.</param>
/// <param name="Prefixes">Module paths whose method parameters the bit gates (the block's <c>transformer_blocks</c>, or its attn1/attn2/ff modules).</param>
public sealed record MaskUnit(string Name, IReadOnlyList<string> Prefixes)
{
    /// <summary>Whether the tensor with state-dict key <paramref name="key"/> lies under this bit.</summary>
    public bool Covers(string key) => Prefixes.Any(prefix => key.StartsWith(prefix + ".", StringComparison.Ordinal));
}

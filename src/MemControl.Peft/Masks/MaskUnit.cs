namespace MemControl.Peft.Masks;

/// <summary>What one mask bit covers.</summary>
/// <param name="Name">
/// The bit's name, a real module path: a Transformer2DModel (<c>down_blocks.1.attentions.0</c>), or in the fine space one
/// part of a BasicTransformerBlock (<c>down_blocks.1.attentions.0.transformer_blocks.0.attn2</c>).
/// </param>
/// <param name="Prefixes">Module paths whose method parameters the bit gates (the block's <c>transformer_blocks</c>, or the one attn1/attn2/ff module).</param>
public sealed record MaskUnit(string Name, IReadOnlyList<string> Prefixes)
{
    /// <summary>
    /// The name this bit had before bits were named by real module paths (the fine space's <c>…attentions.0.attn2</c>,
    /// which left out <c>transformer_blocks.K</c>), so studies saved then still read; null where the name never changed.
    /// </summary>
    public string? LegacyName { get; init; }

    /// <summary>Whether the tensor with state-dict key <paramref name="key"/> lies under this bit.</summary>
    public bool Covers(string key) => Prefixes.Any(prefix => key.StartsWith(prefix + ".", StringComparison.Ordinal));
}

using MemControl.Data.Augmentation;

namespace MemControl.Data.Checking;

/// <summary>What `data check` looks at.</summary>
public sealed record DataCheckOptions
{
    /// <summary>Counts caption tokens; the CLI passes the CLIP tokenizer when it has one, else white-space words.</summary>
    public ICaptionTokenCounter TokenCounter { get; init; } = new WhitespaceTokenCounter();

    /// <summary>Captions of at most this many tokens are reported as near-empty.</summary>
    public int NearEmptyTokens { get; init; } = 2;

    /// <summary>Decode every image fully (finds truncated and damaged files); off to check only the table.</summary>
    public bool DecodeImages { get; init; } = true;
}

using MemControl.Data.Augmentation;

namespace MemControl.Tests.Data.Support;

/// <summary>A stand-in for the CLIP tokenizer in tests: one token per white-space word.</summary>
public sealed class WordCountingTokenCounter : ICaptionTokenCounter
{
    public int CountTokens(string caption) => caption.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}

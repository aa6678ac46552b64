using MemControl.Models.TextEncoders;

namespace MemControl.Data.Augmentation;

/// <summary>Counts caption tokens with the model's own CLIP tokenizer (the official memorization-set heuristic).</summary>
public sealed class ClipCaptionTokenCounter(ClipTokenizer tokenizer) : ICaptionTokenCounter
{
    public int CountTokens(string caption) => tokenizer.CountTokens(caption);
}

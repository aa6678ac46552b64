using MemControl.Data.Augmentation;
using MemControl.Models.TextEncoders;

namespace MemControl.Workflow.Search;

/// <summary>The model's CLIP tokenizer as the data layer's token counter (longest-caption selection, docs/decisions.md §2).</summary>
public sealed class TokenizerTokenCounter(ClipTokenizer tokenizer) : ICaptionTokenCounter
{
    public int CountTokens(string caption) => tokenizer.CountTokens(caption);
}

namespace MemControl.Data.Augmentation;

/// <summary>
/// Counts words separated by white space: the fallback when no model tokenizer is at hand (e.g. `data check` on
/// a manifest before a model is chosen). For the memorization-set heuristic pass the CLIP tokenizer instead.
/// </summary>
public sealed class WhitespaceTokenCounter : ICaptionTokenCounter
{
    public int CountTokens(string caption) =>
        caption.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}

namespace MemControl.Data.Augmentation;

/// <summary>
/// Counts the tokens of a caption as the model's tokenizer does. The data layer takes this instead of the CLIP
/// tokenizer itself so it does not depend on the text encoder; the CLI passes <c>ClipTokenizer</c>.
/// </summary>
public interface ICaptionTokenCounter
{
    int CountTokens(string caption);
}

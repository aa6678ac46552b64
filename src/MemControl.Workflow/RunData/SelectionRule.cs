using MemControl.Data.Augmentation;

namespace MemControl.Workflow.RunData;

/// <summary>
/// The one rule by which a run picks its memorization set when none is given: the memorization-set builder's default
/// selection (long captions, paper §4.1), with captions measured in whitespace words so the choice does not depend on
/// which tokenizer a command's model has. Search and benchmark used to count differently (CLIP tokens vs words) and
/// picked different images; now the first to select writes <see cref="RunDataFiles.MemorizationSet"/> and the others read it.
/// </summary>
public static class SelectionRule
{
    public static ICaptionTokenCounter Counter { get; } = new WhitespaceTokenCounter();
}

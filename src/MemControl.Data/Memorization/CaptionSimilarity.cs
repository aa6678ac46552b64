namespace MemControl.Data.Memorization;

/// <summary>
/// Word-set Jaccard similarity of captions, |A ∩ B| / |A ∪ B| over their sets of lower-cased words (runs of letters
/// and digits). Words, not CLIP tokens: near-duplicate reports differ by a word or a number, and word sets see that
/// without a tokenizer; order and repeats are ignored on purpose, so "no effusion. normal heart." and "normal heart.
/// no effusion." are the same prompt for memorization purposes.
/// </summary>
public static class CaptionSimilarity
{
    /// <summary>The caption's distinct lower-cased words.</summary>
    public static HashSet<string> WordSet(string caption)
    {
        ArgumentNullException.ThrowIfNull(caption);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= caption.Length; i++)
        {
            var inWord = i < caption.Length && char.IsLetterOrDigit(caption[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(caption[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Jaccard similarity of two word sets; two empty sets are identical (1).</summary>
    public static double Jaccard(IReadOnlySet<string> first, IReadOnlySet<string> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 && second.Count == 0)
        {
            return 1;
        }

        var shared = first.Count(second.Contains);
        return shared / (double)(first.Count + second.Count - shared);
    }
}

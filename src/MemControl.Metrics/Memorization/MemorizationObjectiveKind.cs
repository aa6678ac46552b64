namespace MemControl.Metrics.Memorization;

/// <summary>Which memorization objective the search minimises (docs/decisions.md §6).</summary>
public enum MemorizationObjectiveKind
{
    /// <summary>Raw denoising strength on the memorization set (reproduces the paper).</summary>
    Paper,

    /// <summary>Memorization-set denoising strength divided by the same score on plain, non-duplicated prompts.</summary>
    Ratio,

    /// <summary>Copying of own training images by a few samples per memorization prompt.</summary>
    Copying,
}

namespace MemControl.Workflow.FineTuning;

/// <summary>The memorization mitigations <c>train --mitigation</c> offers (docs/decisions.md §9).</summary>
public enum MitigationKind
{
    None,

    /// <summary>Random word addition re-drawn at every access (2 words, p = 0.1).</summary>
    Rwa,

    /// <summary>The official code's RWA: 4 words inserted into every caption once.</summary>
    RwaOfficial,

    /// <summary>Wen et al.'s denoising-strength threshold.</summary>
    Threshold,
}

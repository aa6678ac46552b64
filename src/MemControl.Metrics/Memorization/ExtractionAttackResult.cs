namespace MemControl.Metrics.Memorization;

/// <summary>The extraction attack over all prompts.</summary>
public sealed record ExtractionAttackResult(IReadOnlyList<PromptExtraction> Prompts, ExtractionAttackOptions Options)
{
    /// <summary>Prompts for which a linked group formed (the paper's "Num. Extracted Images").</summary>
    public int ExtractedCount => Prompts.Count(p => p.Extracted);

    /// <summary>Extracted prompts whose group reproduces their own training image within τ.</summary>
    public int ExtractedMatchingTrainingCount => Prompts.Count(p => p.MatchesTrainingImage);
}

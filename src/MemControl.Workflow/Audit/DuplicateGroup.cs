namespace MemControl.Workflow.Audit;

/// <summary>
/// The extraction attack (Carlini et al.) on the generations of one prompt: the largest group of generations linked
/// by max-over-4×4-tiles RMS below τ; extracted when it has ≥ 3 members. <see cref="MatchesTrainingImage"/>: a member
/// is within τ of the training image whose caption equals the prompt (null when no caption equals it).
/// </summary>
public sealed record DuplicateGroup(
    string Prompt,
    int Generations,
    IReadOnlyList<string> LargestGroup,
    bool Extracted,
    bool? MatchesTrainingImage);

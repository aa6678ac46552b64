namespace MemControl.Metrics.Memorization;

/// <summary>One evaluation of the memorization objective.</summary>
/// <param name="Value">The objective value (minimised).</param>
/// <param name="Kind">Which objective.</param>
/// <param name="PerSample">The per-sample scores it aggregates (denoising strength, or per-prompt copied share).</param>
/// <param name="PlainValue">For <see cref="MemorizationObjectiveKind.Ratio"/>: the aggregated score on plain prompts.</param>
/// <param name="Copying">For <see cref="MemorizationObjectiveKind.Copying"/>: the full copying result.</param>
public sealed record MemorizationScore(
    double Value, MemorizationObjectiveKind Kind, IReadOnlyList<double> PerSample, double? PlainValue = null, CopyingResult? Copying = null);

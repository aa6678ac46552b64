using MemControl.Metrics.Statistics;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Own-versus-other memorization over the memorization prompts, each aggregate a mean over prompts with a percentile
/// bootstrap interval over prompts (with 4 prompts the interval is wide: that width is the finding, not noise to hide).
/// </summary>
/// <param name="Prompts">Per prompt, in input order.</param>
/// <param name="Distance">Which distance was used, e.g. "pixel RMS" or "feature 1 − |cos|".</param>
/// <param name="RatioThreshold">ρ used.</param>
/// <param name="OwnDistanceThreshold">τ used, or null.</param>
/// <param name="MeanOwnRank">Mean over prompts of <see cref="PromptOwnVersusOther.MeanOwnRank"/>: 0.5 = no preference for the own image, 0 = always nearest to it.</param>
/// <param name="CopiedPromptShare">Share of prompts with at least one copied generation.</param>
/// <param name="MeanCopiedShare">Mean over prompts of the copied share of generations.</param>
/// <param name="MeanClippedRatio">Mean over prompts of <see cref="PromptOwnVersusOther.MeanClippedRatio"/>.</param>
public sealed record OwnVersusOtherResult(
    IReadOnlyList<PromptOwnVersusOther> Prompts,
    string Distance,
    double RatioThreshold,
    double? OwnDistanceThreshold,
    IntervalEstimate MeanOwnRank,
    IntervalEstimate CopiedPromptShare,
    IntervalEstimate MeanCopiedShare,
    IntervalEstimate MeanClippedRatio)
{
    /// <summary>Prompts with at least one copied generation.</summary>
    public int PromptsCopied => Prompts.Count(p => p.Copied);
}

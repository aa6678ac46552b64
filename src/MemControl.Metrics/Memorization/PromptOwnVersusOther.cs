namespace MemControl.Metrics.Memorization;

/// <summary>Own-versus-other distances of one memorization prompt's generations.</summary>
/// <param name="PromptIndex">Position of the prompt in the input.</param>
/// <param name="OwnTrainingIndex">Row of its own training image among the reference images.</param>
/// <param name="SampleCount">Generations scored.</param>
/// <param name="MeanOwnRank">
/// Mean over generations of the own image's rank among the reference images by distance, as a fraction of the others
/// nearer than it (ties count half): 0 = own image nearest, 1 = farthest; 0.5 expected without copying at any quality.
/// </param>
/// <param name="MinimumRatio">Smallest r = d(g, own) / min_{j≠own} d(g, x_j) over the generations (the most copy-like).</param>
/// <param name="MeanClippedRatio">Mean over generations of min(r, 1): beyond 1 a generation is nearer another image.</param>
/// <param name="CopiedShare">Share of generations that are copies (r below ρ, and d(g, own) below τ when τ is set).</param>
/// <param name="MinimumOwnDistance">Smallest d(g, own) over the generations.</param>
/// <param name="OwnNearestOtherDistance">d from the own image to its nearest other reference image (the data's own scale).</param>
public sealed record PromptOwnVersusOther(
    int PromptIndex,
    int OwnTrainingIndex,
    int SampleCount,
    double MeanOwnRank,
    double MinimumRatio,
    double MeanClippedRatio,
    double CopiedShare,
    double MinimumOwnDistance,
    double OwnNearestOtherDistance)
{
    /// <summary>At least one generation of this prompt is a copy.</summary>
    public bool Copied => CopiedShare > 0;
}

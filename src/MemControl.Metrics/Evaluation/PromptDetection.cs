namespace MemControl.Metrics.Evaluation;

/// <summary>One prompt's detection score: the mean over its generations of the early-step denoising strength.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="Score">Mean denoising strength over generations and the first steps.</param>
/// <param name="PerGeneration">Each generation's score.</param>
public sealed record PromptDetection(string Prompt, double Score, IReadOnlyList<double> PerGeneration)
{
    /// <summary>Memorized by the threshold decision: score strictly above it.</summary>
    public bool IsFlagged(double threshold) => Score > threshold;
}

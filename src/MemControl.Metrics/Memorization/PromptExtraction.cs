namespace MemControl.Metrics.Memorization;

/// <summary>The extraction attack's verdict for one prompt.</summary>
/// <param name="PromptIndex">Which prompt (its position in the attack's input).</param>
/// <param name="Extracted">A linked group of at least the minimum size formed.</param>
/// <param name="LargestGroup">Indices of the generations in the largest linked group (components or clique).</param>
/// <param name="MatchesTrainingImage">Extracted, and a generation of that group is within τ of the prompt's training image.</param>
/// <param name="NearestTrainingDistance">Smallest tiled distance from any generation to the training image (NaN without one).</param>
public sealed record PromptExtraction(
    int PromptIndex, bool Extracted, IReadOnlyList<int> LargestGroup, bool MatchesTrainingImage, double NearestTrainingDistance);

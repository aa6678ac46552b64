namespace MemControl.Metrics.Evaluation;

/// <summary>One generated image for a held-out prompt and its nearest training image (for the gallery: worst = closest first).</summary>
/// <param name="Row">Its row in the generated images.</param>
/// <param name="PromptIndex">Its held-out prompt.</param>
/// <param name="Prompt">The prompt text.</param>
/// <param name="NearestTrainingIndex">Nearest training image by feature cosine.</param>
/// <param name="NearestTrainingId">That image's id.</param>
/// <param name="Cosine">Feature cosine to it.</param>
/// <param name="FeatureDistance">1 − cos.</param>
/// <param name="Replicated">Cosine above the replication threshold used.</param>
/// <param name="PixelRms">Per-pixel RMS to that image ([0, 1] scale).</param>
/// <param name="PixelNearestIndex">Nearest training image by pixel RMS.</param>
/// <param name="PixelNearestRms">RMS to it.</param>
/// <param name="DenoisingStrength">Its denoising strength during sampling (null for injected images).</param>
/// <param name="Alignment">Its share of findings read as asked (null without finding labels).</param>
public sealed record GenerationDetail(
    int Row, int PromptIndex, string Prompt, int NearestTrainingIndex, string NearestTrainingId, double Cosine, double FeatureDistance,
    bool Replicated, double PixelRms, int PixelNearestIndex, double PixelNearestRms, double? DenoisingStrength, double? Alignment);

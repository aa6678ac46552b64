namespace MemControl.Workflow.Audit;

/// <summary>
/// What the audit found for one generated image: its nearest training image in feature space (cosine) with the
/// feature distance 1 − |cos| (the AMD term), whether that counts as a replication, and the pixel-space view — the
/// RMS difference ([0, 1] scale, gray at the comparison size) to that same training image and to the training image
/// nearest in pixels.
/// </summary>
public sealed record ImageAudit(
    string File,
    string? Prompt,
    int NearestTrainingIndex,
    string NearestTrainingId,
    string NearestTrainingCaption,
    double Cosine,
    double FeatureDistance,
    bool Replicated,
    double PixelRms,
    int PixelNearestTrainingIndex,
    string PixelNearestTrainingId,
    double PixelNearestRms);

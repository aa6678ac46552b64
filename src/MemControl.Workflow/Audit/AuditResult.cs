namespace MemControl.Workflow.Audit;

/// <summary>The whole audit, as written to audit.json; <see cref="Images"/> is sorted closest (worst) first.</summary>
public sealed record AuditResult(
    string TrainManifest,
    string GeneratedFolder,
    string FeatureSpace,
    int TrainingImages,
    int GeneratedImages,
    int PixelSize,
    double AverageMinimumDistance,
    ReplicationSummary Replication,
    PixelBaselineSummary PixelBaseline,
    double ExtractionThreshold,
    IReadOnlyList<DuplicateGroup>? DuplicateGroups,
    IReadOnlyList<ImageAudit> Images);

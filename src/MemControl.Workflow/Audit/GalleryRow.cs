namespace MemControl.Workflow.Audit;

/// <summary>One gallery row: a generated image beside its nearest training image, as PNG thumbnails, with its audit.</summary>
public sealed record GalleryRow(int Rank, ImageAudit Audit, byte[] GeneratedPng, byte[] TrainingPng);

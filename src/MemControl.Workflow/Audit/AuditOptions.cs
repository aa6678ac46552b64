namespace MemControl.Workflow.Audit;

/// <summary>The audit's settings once checked: pixel comparison size and how the replication threshold is chosen.</summary>
public sealed record AuditOptions(string GeneratedFolder, int PixelSize, double? ReplicationThreshold, double BaselineQuantile);

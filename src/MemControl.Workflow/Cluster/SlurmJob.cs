namespace MemControl.Workflow.Cluster;

/// <summary>One submitted array: its job id (what <c>squeue</c>/<c>scancel</c> take), what it runs, its tasks, when.</summary>
public sealed record SlurmJob(string JobId, string Kind, int Tasks, string Script, DateTimeOffset Submitted);

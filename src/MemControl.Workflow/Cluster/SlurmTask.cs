namespace MemControl.Workflow.Cluster;

/// <summary>One array task as <c>squeue</c> shows it: <c>123_4</c>, its state, its node (or why it waits), time used.</summary>
public sealed record SlurmTask(string Id, string State, string NodeOrReason, string Elapsed);

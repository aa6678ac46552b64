namespace MemControl.Workflow.Cluster;

/// <summary>What a submission did: the script it wrote, the array's job id (null for a dry run), the jobs.json.</summary>
public sealed record SlurmSubmitted(string Script, string? JobId, string JobsFile);

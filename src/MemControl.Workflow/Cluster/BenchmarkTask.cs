namespace MemControl.Workflow.Cluster;

/// <summary>One array task of a submitted benchmark: the plan.json it reads and the row it trains and evaluates.</summary>
public sealed record BenchmarkTask(string PlanPath, string Row);

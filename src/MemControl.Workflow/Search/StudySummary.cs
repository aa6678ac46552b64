namespace MemControl.Workflow.Search;

/// <summary>One method's study in <c>search.json</c>: its name, trials by state and front.</summary>
public sealed record StudySummary(string Method, string Study, int Complete, int Failed, int FrontSize, SearchPoint? Picked);

namespace MemControl.Search;

/// <summary>Thrown by an objective to stop a trial early; the trial is recorded as pruned, not failed.</summary>
public sealed class TrialPrunedException(string message = "trial pruned") : Exception(message);

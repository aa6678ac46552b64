namespace MemControl.Workflow.Search;

/// <summary>What <see cref="SearchRunner.Run"/> returns: the picked mask file, the (global) front and the search folder.</summary>
public sealed record SearchOutcome(string MaskPath, SearchFront Front, string Folder, IReadOnlyList<StudySummary> Studies);

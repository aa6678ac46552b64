namespace MemControl.Search.Storage;

/// <summary>A study as storage knows it: identity, name and one direction per objective.</summary>
public sealed record StudyInfo(int StudyId, string Name, IReadOnlyList<StudyDirection> Directions);

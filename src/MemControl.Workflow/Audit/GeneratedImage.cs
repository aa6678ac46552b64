namespace MemControl.Workflow.Audit;

/// <summary>One image of the audited folder: its file name (relative to the folder), full path and prompt if known.</summary>
public sealed record GeneratedImage(string FileName, string Path, string? Prompt);

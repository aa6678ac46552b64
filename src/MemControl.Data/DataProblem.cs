namespace MemControl.Data;

/// <summary>Something wrong with a dataset, located at a file and line so the user can fix it.</summary>
/// <param name="Location">Where: <c>manifest.csv:12</c>, an image path, or a folder.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="IsError">True when the row or file cannot be used; false for a warning (near-empty caption, duplicate).</param>
public sealed record DataProblem(string Location, string Message, bool IsError)
{
    public override string ToString() => $"{Location}: {(IsError ? "error" : "warning")}: {Message}";
}

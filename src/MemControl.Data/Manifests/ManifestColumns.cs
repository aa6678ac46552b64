namespace MemControl.Data.Manifests;

/// <summary>The column names of the manifest format (docs/data-formats.md). Any other column is a label.</summary>
public static class ManifestColumns
{
    public const string Image = "image";
    public const string Caption = "caption";
    public const string Subject = "subject";
    public const string Split = "split";

    /// <summary>How many times the row counts in an epoch (default 1); the memorization set's R (paper 4.1).</summary>
    public const string Repeats = "repeats";

    public static IReadOnlyList<string> Required { get; } = [Image, Caption, Subject];

    public static bool IsReserved(string name) => name is Image or Caption or Subject or Split or Repeats;
}

namespace MemControl.Workflow.RunData;

/// <summary>
/// The data files every command of one run folder shares, under <c>&lt;run&gt;/data/</c> (docs/data-formats.md,
/// "Run data"): whichever command splits or selects first writes them, and the others read them, so the search, the
/// benchmark and the report of a run see the same splits and the same memorization set.
/// </summary>
public sealed record RunDataFiles(string Folder)
{
    /// <summary>Every row of the user's data with its subject-level split (train / validation / test).</summary>
    public string Manifest => Path.Combine(Folder, "manifest.csv");

    /// <summary>The memorization set M (paper §4.1): training rows, each once.</summary>
    public string MemorizationSet => Path.Combine(Folder, "memorization-set.csv");

    /// <summary>The final fine-tunings' training data: the train split, each memorization row R times.</summary>
    public string Training => Path.Combine(Folder, "training.csv");

    /// <summary>What <c>data prepare</c> was asked and what it wrote (counts per split, the memorization captions).</summary>
    public string Summary => Path.Combine(Folder, "data.json");

    public static RunDataFiles Of(string runFolder) => new(Path.Combine(Path.GetFullPath(runFolder), "data"));
}

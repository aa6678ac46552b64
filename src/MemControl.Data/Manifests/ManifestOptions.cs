namespace MemControl.Data.Manifests;

/// <summary>How a manifest is read.</summary>
public sealed record ManifestOptions
{
    /// <summary>
    /// Image paths are resolved against the manifest's folder and must stay inside it: a path such as
    /// <c>../../etc/x.png</c> or <c>/data/x.png</c> is refused unless this is set (CLI: <c>--allow-outside-paths</c>).
    /// </summary>
    public bool AllowPathsOutsideRoot { get; init; }

    /// <summary>Check that each image file exists (one stat per row); off only for speed on trusted manifests.</summary>
    public bool CheckImagesExist { get; init; } = true;
}

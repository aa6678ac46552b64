namespace MemControl.Data.Manifests;

/// <summary>
/// A folder's <c>.image-root</c> file: the manifests memcontrol derives from a user's manifest (a run's
/// <c>data/manifest.csv</c>, <c>training.csv</c>, <c>memorization-set.csv</c>) list the user's images where they
/// are, so their image paths resolve against the source manifest's folder instead of their own, and the
/// path-escape check (<see cref="ManifestOptions.AllowPathsOutsideRoot"/>) still applies against that folder.
/// The file holds the source manifest's full path; it is honoured only while that manifest exists, so it can name
/// no folder that holds no dataset.
/// </summary>
public static class ImageRootFile
{
    public const string Name = ".image-root";

    /// <summary>The folder image paths of manifests in <paramref name="manifestFolder"/> are relative to.</summary>
    public static string RootOf(string manifestFolder)
    {
        var marker = Path.Combine(manifestFolder, Name);
        if (!File.Exists(marker))
        {
            return manifestFolder;
        }

        var source = File.ReadAllText(marker).Trim();
        if (!Path.IsPathFullyQualified(source) || !File.Exists(source))
        {
            throw new InvalidDataException($"{marker}: names the source manifest '{source}', which does not exist; the run's data was prepared from a manifest that has moved (prepare the data again in a new run folder)");
        }

        return Path.GetDirectoryName(source)!;
    }

    /// <summary>Records <paramref name="sourceManifest"/> as the image root of <paramref name="folder"/>, unless one is recorded.</summary>
    public static void Write(string folder, string sourceManifest)
    {
        var marker = Path.Combine(folder, Name);
        var source = Path.GetFullPath(sourceManifest);
        if (File.Exists(marker) || Path.GetDirectoryName(source) == Path.GetFullPath(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var temporary = $"{marker}.tmp-{Environment.ProcessId}";
        File.WriteAllText(temporary, source);
        File.Move(temporary, marker, overwrite: true);
    }
}

namespace MemControl.Data.Manifests;

/// <summary>
/// Resolves symbolic links in a path component by component, as realpath(3) does (.NET resolves only the last
/// component), so a manifest image that is a link, or lies in a linked folder, is judged by where it really is.
/// Folders already resolved are cached: a manifest's rows share a handful of folders, so a row costs about one lstat.
/// </summary>
public sealed class SymbolicLinkResolver
{
    // Linux's own limit on links followed while resolving one path (MAXSYMLINKS).
    private const int MaxLinks = 40;
    private readonly Dictionary<string, string> folders = new(StringComparer.Ordinal);

    /// <summary>The path with every symbolic link resolved; parts that do not exist are kept as written.</summary>
    public string Resolve(string fullPath)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(fullPath), ref links);
    }

    /// <summary>Whether <paramref name="path"/>, once resolved, lies in <paramref name="folder"/> resolved.</summary>
    public bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(Resolve(folder), Resolve(path));
        return !(Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal));
    }

    private string Resolve(string fullPath, ref int links)
    {
        var parent = Path.GetDirectoryName(fullPath);
        if (parent is null)
        {
            return fullPath; // the file system root
        }

        if (!folders.TryGetValue(parent, out var resolvedParent))
        {
            resolvedParent = Resolve(parent, ref links);
            folders[parent] = resolvedParent;
        }

        var candidate = Path.Combine(resolvedParent, Path.GetFileName(fullPath));
        var target = new FileInfo(candidate).LinkTarget; // lstat: null when not a link or absent
        if (target is null)
        {
            return candidate;
        }

        if (++links > MaxLinks)
        {
            throw new InvalidDataException($"'{fullPath}': too many levels of symbolic links");
        }

        return Resolve(Path.GetFullPath(target, resolvedParent), ref links);
    }
}

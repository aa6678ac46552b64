using System.Globalization;

namespace MemControl.Data.Manifests;

/// <summary>
/// Writes items as a manifest CSV (the format <see cref="ManifestReader"/> reads), with image paths relative to the
/// manifest's folder; <c>split</c> and <c>repeats</c> columns are written only when some item has them.
/// </summary>
public static class ManifestWriter
{
    public static void Write(string path, IReadOnlyList<DatasetItem> items, IReadOnlyList<int>? repeats = null)
    {
        if (repeats is not null && repeats.Count != items.Count)
        {
            throw new ArgumentException($"{repeats.Count} repeat counts for {items.Count} items", nameof(repeats));
        }

        var folder = ImageRootFile.RootOf(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var withSplit = items.Any(i => i.Split is not null);
        var withRepeats = repeats?.Any(r => r != 1) ?? false;
        var labelColumns = items.SelectMany(i => i.Labels.Keys).Distinct(StringComparer.Ordinal).ToArray();

        var header = new List<string> { ManifestColumns.Image, ManifestColumns.Caption, ManifestColumns.Subject };
        if (withSplit)
        {
            header.Add(ManifestColumns.Split);
        }

        if (withRepeats)
        {
            header.Add(ManifestColumns.Repeats);
        }

        header.AddRange(labelColumns);

        var rows = items.Select((item, index) =>
        {
            var imagePath = item.ImagePath
                ?? throw new ArgumentException($"item '{item.Id}' has no image file; write its image before the manifest", nameof(items));
            var row = new List<string>
            {
                Path.GetRelativePath(folder, imagePath).Replace('\\', '/'),
                item.Caption,
                item.Subject,
            };
            if (withSplit)
            {
                row.Add(item.Split is { } split ? DatasetSplitNames.ToName(split) : "");
            }

            if (withRepeats)
            {
                row.Add(repeats![index].ToString(CultureInfo.InvariantCulture));
            }

            row.AddRange(labelColumns.Select(name => item.Labels.TryGetValue(name, out var value) ? value : ""));
            return (IReadOnlyList<string>)row;
        });

        CsvWriter.WriteFile(path, header, rows);
    }
}

using MemControl.Data;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Data.Splits;

namespace MemControl.Workflow.RunData;

/// <summary>
/// Gives a command of a run its splits and memorization set: from the data itself (a split column, a given
/// memorization file), else from the run's shared files, else by the one rule — and then records them for the others.
/// </summary>
public static class RunDataResolver
{
    /// <summary>
    /// The data with every row's split: the manifest's own split column when every row has one; else the run's
    /// <see cref="RunDataFiles.Manifest"/> (matched by id); else <see cref="SplitRule"/>, written to that file.
    /// </summary>
    public static IImageCaptionDataset WithSplits(IImageCaptionDataset data, RunDataFiles files, int seed, Action<string>? log = null)
    {
        // The run's own manifests will list this data's images where they are (ImageRootFile).
        if (File.Exists(data.Name))
        {
            ImageRootFile.Write(files.Folder, data.Name);
        }

        if (data.Items.All(item => item.Split is not null))
        {
            return data;
        }

        if (File.Exists(files.Manifest))
        {
            var recorded = ManifestDataset.Open(files.Manifest);
            // Rows are the same when id and image file are: ids alone repeat across datasets (phantom-000001, ...).
            var splitOf = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
            foreach (var item in recorded.Items.Where(item => item.Split is not null))
            {
                splitOf.TryAdd(Key(item), item.Split!.Value);
            }

            var missing = data.Items.FirstOrDefault(item => item.Split is null && !splitOf.ContainsKey(Key(item)));
            if (missing is not null)
            {
                throw new InvalidDataException(
                    $"{missing.Origin}: row '{missing.Id}' is not in this run's split file {files.Manifest}; the run was started on other data (use another run folder, or give the data a split column)");
            }

            log?.Invoke($"splits: read from {files.Manifest}");
            return new FileImageDataset(data.Name, [.. data.Items.Select(item => item.Split is null ? item with { Split = splitOf[Key(item)] } : item)]);
        }

        var splits = SubjectSplitter.Assign(data.Items, SplitRule.Options(seed));
        var items = data.Items.Select((item, i) => item with { Split = splits[i] }).ToList();
        Directory.CreateDirectory(files.Folder);
        ManifestWriter.Write(files.Manifest, Distinct(items));
        log?.Invoke($"splits: by subject {Percent(1 - SplitRule.ValidationFraction - SplitRule.TestFraction)}/{Percent(SplitRule.ValidationFraction)}/{Percent(SplitRule.TestFraction)} (seed {seed}) → {files.Manifest}");
        return new FileImageDataset(data.Name, items);
    }

    /// <summary>
    /// The memorization rows' ids: from <paramref name="given"/> (a manifest path) when set; else the run's
    /// <see cref="RunDataFiles.MemorizationSet"/>; else chosen from <paramref name="training"/> by the builder's default
    /// selection (<see cref="SelectionRule"/>) and written there.
    /// </summary>
    public static IReadOnlyList<string> MemorizationIds(IImageCaptionDataset training, string? given, int count, int seed, RunDataFiles files, Action<string>? log = null)
    {
        var path = given is not null ? Path.GetFullPath(given) : files.MemorizationSet;
        if (given is not null || File.Exists(path))
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{given}: the memorization-set manifest does not exist", path);
            }

            var ids = ManifestDataset.Open(path).Items.Select(item => item.Id).Distinct(StringComparer.Ordinal).ToList();
            log?.Invoke($"memorization set: {ids.Count} rows from {path}");
            return ids;
        }

        var unique = Distinct(training.Items);
        var set = MemorizationSetBuilder.Build(new FileImageDataset(training.Name, unique),
            new MemorizationSetOptions { Count = Math.Min(count, unique.Count), HpoFraction = 0, Seed = seed }, SelectionRule.Counter);
        var chosen = set.MemorizationIndices.Select(i => unique[i]).ToList();
        Directory.CreateDirectory(files.Folder);
        if (File.Exists(training.Name))
        {
            ImageRootFile.Write(files.Folder, training.Name);
        }

        ManifestWriter.Write(path, chosen);
        log?.Invoke($"memorization set: {chosen.Count} rows chosen (longest captions) → {path}");
        return [.. chosen.Select(item => item.Id)];
    }

    private static string Key(DatasetItem item) => $"{item.Id}|{(item.ImagePath is null ? "" : Path.GetFullPath(item.ImagePath))}";

    /// <summary>Each row once, the first of each id (a training set may list an image several times).</summary>
    internal static List<DatasetItem> Distinct(IEnumerable<DatasetItem> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. items.Where(item => seen.Add(item.Id))];
    }

    private static string Percent(double fraction) => ((int)Math.Round(fraction * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

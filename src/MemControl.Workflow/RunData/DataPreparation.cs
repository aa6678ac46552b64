using System.Text.Json;
using MemControl.Data;
using MemControl.Data.Manifests;
using MemControl.Data.Splits;
using MemControl.Models.Loading;

namespace MemControl.Workflow.RunData;

/// <summary>
/// <c>memcontrol data prepare</c> as a library call: a user's manifest → the run's data files (<see cref="RunDataFiles"/>):
/// subject-level splits (the manifest's own split column wins), the memorization set M chosen from the training split
/// by the run's one selection rule, and the training data in which each memorization row recurs R times — the stand-in
/// for the duplicated studies of a hospital dataset (paper §4.1). The search and the benchmark of the same run folder
/// then read these files instead of splitting and selecting on their own.
/// </summary>
public static class DataPreparation
{
    public static PreparedData Prepare(string manifest, string runFolder, DataPreparationOptions options)
    {
        options.Validate();
        var source = Path.GetFullPath(manifest);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"{manifest}: the manifest does not exist", source);
        }

        var files = RunDataFiles.Of(runFolder);
        if (File.Exists(files.Summary))
        {
            var earlier = JsonSerializer.Deserialize<PreparedData>(File.ReadAllText(files.Summary), Json)
                ?? throw new InvalidDataException($"{files.Summary}: not a data summary");
            if (earlier.Source != source || earlier.Seed != options.Seed || earlier.MemorizationRepeats != options.MemorizationRepeats
                || earlier.MemorizationCaptions.Count != options.MemorizationCount)
            {
                throw new ArgumentException(
                    $"{files.Folder} already holds data prepared from {earlier.Source} (seed {earlier.Seed}, {earlier.MemorizationCaptions.Count} × {earlier.MemorizationRepeats}); use another run folder");
            }

            return earlier;
        }

        var data = ManifestDataset.Open(source);
        if (File.Exists(files.Manifest) || File.Exists(files.MemorizationSet))
        {
            throw new ArgumentException($"{files.Folder} already holds another command's splits or memorization set; prepare the data in a new run folder");
        }

        var splits = SubjectSplitter.Assign(data.Items, options.Splits);
        var items = RunDataResolver.Distinct(data.Items.Select((item, i) => item with { Split = splits[i] }));
        Directory.CreateDirectory(files.Folder);
        ImageRootFile.Write(files.Folder, source);
        ManifestWriter.Write(files.Manifest, items);
        var split = new FileImageDataset(data.Name, items);

        var train = items.Where(item => item.Split == DatasetSplit.Train).ToList();
        var ids = RunDataResolver.MemorizationIds(new FileImageDataset(source, train), null, options.MemorizationCount, options.Seed, files);
        var memorized = ids.ToHashSet(StringComparer.Ordinal);
        ManifestWriter.Write(files.Training, train, [.. train.Select(item => memorized.Contains(item.Id) ? options.MemorizationRepeats : 1)]);

        var prepared = new PreparedData(
            source, files.Manifest, files.MemorizationSet, files.Training,
            train.Count, Count(split, DatasetSplit.Validation), Count(split, DatasetSplit.Test),
            items.Select(item => item.Subject).Distinct(StringComparer.Ordinal).Count(),
            options.MemorizationRepeats, train.Count + (memorized.Count * (options.MemorizationRepeats - 1)),
            [.. train.Where(item => memorized.Contains(item.Id)).Select(item => item.Caption)], options.Seed);
        AtomicFile.WriteText(files.Summary, JsonSerializer.Serialize(prepared, Json));
        return prepared;
    }

    private static int Count(IImageCaptionDataset data, DatasetSplit split) => data.Items.Count(item => item.Split == split);

    private static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

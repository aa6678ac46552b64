using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Workflow.RunData;

namespace MemControl.Workflow.Search;

/// <summary>
/// The data of a search (docs/decisions.md §2, paper §4.1): the memorization set M and D_HPO (M × R + a fraction of the other
/// training items) drawn from the training split, and validation prompts with their real images for FD, from the
/// held-out validation split (subjects never trained on).
/// </summary>
public sealed record SearchData(MemorizationSet Memorization, DatasetView Validation)
{
    /// <summary>
    /// Opens the manifest with its subject-level splits and draws M and D_HPO from the training split. The splits and
    /// M are the run's (<see cref="RunDataResolver"/>): the manifest's split column or the run's recorded splits, and
    /// the given or recorded memorization set; whichever is missing is made by the one rule and recorded, so the
    /// benchmark of the same run reads the same.
    /// </summary>
    public static SearchData Build(SearchOptions options, Action<string>? log = null)
    {
        var path = Path.GetFullPath(options.Data);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{nameof(SearchOptions.Data)}: the manifest '{options.Data}' does not exist", path);
        }

        var dataset = RunDataResolver.WithSplits(ManifestDataset.Open(path), options.RunData, options.Seed, log);
        var training = SplitOf(dataset, DatasetSplit.Train);
        var validation = SplitOf(dataset, DatasetSplit.Validation);
        var ids = RunDataResolver.MemorizationIds(training, options.MemorizationManifest, options.MemorizationCount, options.Seed, options.RunData, log);
        var memorization = MemorizationSetBuilder.Build(training, new MemorizationSetOptions
        {
            Selection = MemorizationSelection.GivenIds,
            Ids = ids,
            Count = ids.Count,
            Repeats = options.MemorizationRepeats,
            HpoFraction = options.HpoFraction,
            Seed = options.Seed,
        }, SelectionRule.Counter);

        var prompts = Enumerable.Range(0, Math.Min(options.ValidationPrompts, validation.Items.Count)).ToList();
        if (prompts.Count < 2)
        {
            throw new InvalidDataException($"{dataset.Name}: the validation split has {validation.Items.Count} item(s); FD needs at least 2");
        }

        return new SearchData(memorization, new DatasetView(validation, prompts, $"{validation.Name} (FD prompts)"));
    }

    private static DatasetView SplitOf(IImageCaptionDataset dataset, DatasetSplit split) =>
        new(dataset, [.. Enumerable.Range(0, dataset.Items.Count).Where(i => dataset.Items[i].Split == split)], $"{dataset.Name} ({DatasetSplitNames.ToName(split)} split)");

    /// <summary>
    /// The non-duplicated prompts the <c>ratio</c> objective divides by: D_HPO's extra training items (seen once,
    /// as in the prototype), or the validation prompts when D_HPO has none; at most as many as M has.
    /// </summary>
    public IImageCaptionDataset PlainPrompts
    {
        get
        {
            var count = Memorization.MemorizationIndices.Count;
            return Memorization.ExtraIndices.Count > 0
                ? new DatasetView(Memorization.Training, Memorization.ExtraIndices.Take(count).ToList(), $"{Memorization.Training.Name} [plain prompts]")
                : new DatasetView(Validation, Enumerable.Range(0, Math.Min(count, Validation.Items.Count)).ToList(), Validation.Name);
        }
    }

    /// <summary>
    /// The training images the copying objective searches for a sample's nearest image: M and D_HPO's extras
    /// (every image the trial trained on, each once). Own image of memorization prompt p is row p.
    /// </summary>
    public IImageCaptionDataset CopyingReference =>
        new DatasetView(Memorization.Training, [.. Memorization.MemorizationIndices, .. Memorization.ExtraIndices], $"{Memorization.Training.Name} [D_HPO images]");
}

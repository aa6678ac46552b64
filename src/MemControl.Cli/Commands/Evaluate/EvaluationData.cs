using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Evaluation;
using MemControl.Models.TextEncoders;
using MemControl.Workflow.Evaluation;
using MemControl.Workflow;

namespace MemControl.Cli.Commands.Evaluate;

/// <summary>What an <c>evaluate</c> run reads, after <c>--data</c>, <c>--held-out</c>, <c>--prompts</c> and the memorization options.</summary>
public static class EvaluationData
{
    public static EvaluationInputs Build(EvaluateSettings settings, ClipTokenizer tokenizer)
    {
        IImageCaptionDataset training;
        IImageCaptionDataset? heldOut = null;
        if (settings.Data == DataSources.Phantoms)
        {
            // The training phantoms are exactly those of `train --data phantoms --phantoms N --seed K`; the held-out ones
            // come from the next seed, so they share no study with them.
            training = PhantomDataset.Create(new PhantomOptions { Count = settings.Phantoms, Seed = settings.PhantomSeed });
            heldOut = PhantomDataset.Create(new PhantomOptions { Count = settings.Prompts, Seed = settings.PhantomSeed + 1 });
        }
        else
        {
            var manifest = ManifestDataset.Open(Path.GetFullPath(settings.Data!));
            var hasSplits = manifest.Items.Any(i => i.Split is not null);
            training = Split(manifest, DatasetSplit.Train)
                ?? (hasSplits ? throw new InvalidDataException($"{settings.Data}: the manifest has splits but no row in split 'train'") : manifest);
            heldOut = Split(manifest, DatasetSplit.Test) ?? Split(manifest, DatasetSplit.Validation);
        }

        if (settings.HeldOut is not null)
        {
            heldOut = ManifestDataset.Open(Path.GetFullPath(settings.HeldOut));
        }

        if (heldOut is null)
        {
            throw new ArgumentException($"--held-out: {settings.Data} has no test or validation split, so give the held-out prompts' manifest");
        }

        return new EvaluationInputs(training, EvenlySpaced(heldOut, settings.Prompts), MemorizationIndices(settings, training, tokenizer));
    }

    private static IReadOnlyList<int>? MemorizationIndices(EvaluateSettings settings, IImageCaptionDataset training, ClipTokenizer tokenizer)
    {
        if (settings.MemorizationCount > 0)
        {
            var set = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = settings.MemorizationCount, HpoFraction = 0 },
                new ClipCaptionTokenCounter(tokenizer));
            return set.MemorizationIndices;
        }

        if (settings.MemorizationSet is null)
        {
            return null;
        }

        var path = Path.GetFullPath(settings.MemorizationSet);
        var memorization = ManifestDataset.Open(path);
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var byCaption = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < training.Items.Count; i++)
        {
            byId.TryAdd(training.Items[i].Id, i);
            byCaption.TryAdd(training.Items[i].Caption, i);
        }

        // A memorization prompt's own image is the training row with its id; phantom training sets have no files, so
        // their rows are found by caption (phantom reports are unique to their study).
        var indices = new List<int>();
        foreach (var item in memorization.Items.DistinctBy(i => i.Id))
        {
            indices.Add(byId.TryGetValue(item.Id, out var row) ? row
                : byCaption.TryGetValue(item.Caption, out row) ? row
                : throw new InvalidDataException(
                    $"{path} ({item.Origin}): memorization item '{item.Id}' is not in the training data {training.Name} (no row with that id or caption)"));
        }

        return indices;
    }

    private static IImageCaptionDataset? Split(IImageCaptionDataset dataset, DatasetSplit split)
    {
        var rows = Enumerable.Range(0, dataset.Items.Count).Where(i => dataset.Items[i].Split == split).ToArray();
        return rows.Length == 0 ? null : new DatasetView(dataset, rows, $"{dataset.Name} ({split.ToString().ToLowerInvariant()} split)");
    }

    /// <summary>Up to <paramref name="count"/> items spread evenly over the dataset (deterministic).</summary>
    private static IImageCaptionDataset EvenlySpaced(IImageCaptionDataset dataset, int count)
    {
        var total = dataset.Items.Count;
        if (count >= total)
        {
            return dataset;
        }

        var rows = Enumerable.Range(0, count).Select(i => (int)((long)i * total / count)).ToArray();
        return new DatasetView(dataset, rows, $"{dataset.Name} ({count} of {total})");
    }
}

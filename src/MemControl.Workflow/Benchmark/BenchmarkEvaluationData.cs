using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Evaluation;
using MemControl.Workflow.FineTuning;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The data every row is evaluated on, the same for all rows so the table compares like with like: the training
/// images (without RWA), held-out prompts with their real images, and the memorization prompts (training captions).
/// Follows <c>evaluate</c>'s convention: held-out phantoms come from the next seed; a manifest's test (else
/// validation) split, or <c>--held-out</c>.
/// </summary>
public static class BenchmarkEvaluationData
{
    public static EvaluationInputs Build(BenchmarkPlan plan)
    {
        IImageCaptionDataset training;
        IImageCaptionDataset? heldOut;
        if (plan.Data == DataSources.Phantoms)
        {
            training = PhantomDataset.Create(new PhantomOptions { Count = plan.Phantoms, Seed = plan.Seed });
            heldOut = PhantomDataset.Create(new PhantomOptions { Count = plan.Prompts, Seed = plan.Seed + 1 });
        }
        else
        {
            var manifest = ManifestDataset.Open(Path.GetFullPath(plan.Data));
            training = Split(manifest, DatasetSplit.Train) ?? manifest;
            heldOut = Split(manifest, DatasetSplit.Test) ?? Split(manifest, DatasetSplit.Validation);
        }

        if (plan.HeldOut is not null)
        {
            heldOut = ManifestDataset.Open(Path.GetFullPath(plan.HeldOut));
        }

        if (heldOut is null)
        {
            throw new ArgumentException($"--held-out: {plan.Data} has no test or validation split, so give the held-out prompts' manifest");
        }

        // A training set may list an image several times (a manifest's repeats column, the demo's recurring
        // memorization set): nearest-neighbour measures and their train-to-train baselines need each image once, or
        // every image's nearest other training image is its own copy.
        training = DistinctById(training);
        IReadOnlyList<int>? memorization = null;
        if (plan.MemorizationManifest is { } memorizationManifest)
        {
            memorization = MatchById(training, ManifestDataset.Open(Path.GetFullPath(memorizationManifest)), memorizationManifest);
        }
        else if (plan.MemorizationCount > 0)
        {
            // Longest captions first (the paper's choice of memorization prompts); words counted by whitespace so the
            // set does not depend on which tokenizer a row's model has.
            var count = Math.Min(plan.MemorizationCount, training.Items.Count);
            memorization = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = count, HpoFraction = 0 }, new WhitespaceTokenCounter()).MemorizationIndices;
        }

        return new EvaluationInputs(training, EvenlySpaced(heldOut, plan.Prompts), memorization);
    }

    private static IImageCaptionDataset DistinctById(IImageCaptionDataset dataset)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = Enumerable.Range(0, dataset.Items.Count).Where(i => seen.Add(dataset.Items[i].Id)).ToList();
        return first.Count == dataset.Items.Count ? dataset : new DatasetView(dataset, first, $"{dataset.Name} (each image once)");
    }

    /// <summary>The first training row of each memorization row's id (a training set may repeat rows).</summary>
    private static List<int> MatchById(IImageCaptionDataset training, IImageCaptionDataset memorization, string path)
    {
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < training.Items.Count; i++)
        {
            firstIndexOfId.TryAdd(training.Items[i].Id, i);
        }

        return memorization.Items
            .Select(item => firstIndexOfId.TryGetValue(item.Id, out var index)
                ? index
                : throw new InvalidDataException($"{path}: memorization row '{item.Id}' is not a row of the training data"))
            .Distinct()
            .ToList();
    }

    private static DatasetView? Split(IImageCaptionDataset dataset, DatasetSplit split)
    {
        var indices = Enumerable.Range(0, dataset.Items.Count).Where(i => dataset.Items[i].Split == split).ToList();
        return indices.Count == 0 ? null : new DatasetView(dataset, indices, $"{dataset.Name} ({split.ToString().ToLowerInvariant()} split)");
    }

    /// <summary>At most <paramref name="count"/> rows spread evenly over the set (deterministic).</summary>
    private static IImageCaptionDataset EvenlySpaced(IImageCaptionDataset dataset, int count)
    {
        if (dataset.Items.Count <= count)
        {
            return dataset;
        }

        var indices = Enumerable.Range(0, count).Select(i => (int)((long)i * dataset.Items.Count / count)).ToList();
        return new DatasetView(dataset, indices, dataset.Name);
    }
}

using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Evaluation;
using MemControl.Workflow.FineTuning;
using MemControl.Workflow.RunData;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The data every row is evaluated on, the same for all rows so the table compares like with like: the training
/// images (without RWA), held-out prompts with their real images, and the memorization prompts (training captions).
/// Held-out phantoms come from the next seed. For a manifest, the splits and the memorization set are the run's
/// (<see cref="RunDataResolver"/>): the manifest's split column, else the run's recorded splits (whose test, else
/// validation, rows are the held-out prompts even when the training data is <c>data/training.csv</c>), else the one
/// split rule; the given, else recorded, else newly selected memorization set. <see cref="BenchmarkPlan.HeldOut"/>
/// replaces the held-out prompts.
/// </summary>
public static class BenchmarkEvaluationData
{
    public static EvaluationInputs Build(BenchmarkPlan plan, Action<string>? log = null)
    {
        IImageCaptionDataset training;
        IImageCaptionDataset? heldOut = null;
        var files = RunDataFiles.Of(plan.RunFolder);
        if (plan.Data == DataSources.Phantoms)
        {
            training = PhantomDataset.Create(new PhantomOptions { Count = plan.Phantoms, Seed = plan.Seed });
            heldOut = PhantomDataset.Create(new PhantomOptions { Count = plan.Prompts, Seed = plan.Seed + 1 });
        }
        else
        {
            var data = ManifestDataset.Open(Path.GetFullPath(plan.Data));
            var split = plan.HeldOut is null || File.Exists(files.Manifest) || data.Items.Any(item => item.Split is not null)
                ? RunDataResolver.WithSplits(data, files, plan.Seed, log)
                : data;
            training = Split(split, DatasetSplit.Train) ?? split;
            if (plan.HeldOut is null)
            {
                heldOut = Split(split, DatasetSplit.Test) ?? Split(split, DatasetSplit.Validation);
                if (heldOut is null && File.Exists(files.Manifest))
                {
                    var recorded = ManifestDataset.Open(files.Manifest);
                    heldOut = Split(recorded, DatasetSplit.Test) ?? Split(recorded, DatasetSplit.Validation);
                }
            }
        }

        if (plan.HeldOut is not null)
        {
            heldOut = ManifestDataset.Open(Path.GetFullPath(plan.HeldOut));
        }

        if (heldOut is null)
        {
            throw new ArgumentException($"{nameof(BenchmarkPlan.HeldOut)}: {plan.Data} has no test or validation rows, and neither has the run's {files.Manifest}; give the held-out prompts' manifest");
        }

        // A training set may list an image several times (a manifest's repeats column, the demo's recurring
        // memorization set): nearest-neighbour measures and their train-to-train baselines need each image once, or
        // every image's nearest other training image is its own copy.
        training = DistinctById(training);
        IReadOnlyList<int>? memorization = null;
        if (plan.Data != DataSources.Phantoms && (plan.MemorizationManifest is not null || plan.MemorizationCount > 0 || File.Exists(files.MemorizationSet)))
        {
            var ids = RunDataResolver.MemorizationIds(training, plan.MemorizationManifest, plan.MemorizationCount, plan.Seed, files, log);
            memorization = MatchById(training, ids, plan.MemorizationManifest ?? files.MemorizationSet);
        }
        else if (plan.MemorizationCount > 0)
        {
            var count = Math.Min(plan.MemorizationCount, training.Items.Count);
            memorization = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = count, HpoFraction = 0 }, SelectionRule.Counter).MemorizationIndices;
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
    private static List<int> MatchById(IImageCaptionDataset training, IReadOnlyList<string> ids, string path)
    {
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < training.Items.Count; i++)
        {
            firstIndexOfId.TryAdd(training.Items[i].Id, i);
        }

        return ids
            .Select(id => firstIndexOfId.TryGetValue(id, out var index)
                ? index
                : throw new InvalidDataException($"{path}: memorization row '{id}' is not a row of the training data"))
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

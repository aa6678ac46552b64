using MemControl.Cli.Commands.Train;
using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Data.Phantoms;
using MemControl.Metrics.Evaluation;

namespace MemControl.Cli.Commands.Benchmark;

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
        if (plan.Data == TrainSettings.PhantomsData)
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

        IReadOnlyList<int>? memorization = null;
        if (plan.MemorizationCount > 0)
        {
            // Longest captions first (the paper's choice of memorization prompts); words counted by whitespace so the
            // set does not depend on which tokenizer a row's model has.
            var count = Math.Min(plan.MemorizationCount, training.Items.Count);
            memorization = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = count, HpoFraction = 0 }, new WhitespaceTokenCounter()).MemorizationIndices;
        }

        return new EvaluationInputs(training, EvenlySpaced(heldOut, plan.Prompts), memorization);
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

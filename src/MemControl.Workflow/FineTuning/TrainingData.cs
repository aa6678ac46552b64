using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Manifests;
using MemControl.Data.Phantoms;
using MemControl.Models.TextEncoders;

namespace MemControl.Workflow.FineTuning;

/// <summary>The dataset and caption transforms a <c>train</c> run uses, after <c>--data</c> and <c>--mitigation</c>.</summary>
public sealed record TrainingData(IImageCaptionDataset Dataset, IReadOnlyList<ICaptionTransform> CaptionTransforms)
{
    /// <summary>
    /// <c>phantoms</c> → <paramref name="phantoms"/> synthetic studies from <paramref name="seed"/>; a manifest → its
    /// rows, only the train split when the manifest has splits (validation/test images must not be trained on).
    /// RWA (docs/decisions.md §9) draws its words from the tokenizer's whole-word vocabulary. Image paths leading outside the
    /// manifest's folder are refused unless <paramref name="allowOutsidePaths"/>.
    /// </summary>
    public static TrainingData Build(string data, int phantoms, int seed, MitigationChoice mitigation, ClipTokenizer tokenizer, bool allowOutsidePaths = false)
    {
        var dataset = data == DataSources.Phantoms
            ? PhantomDataset.Create(new PhantomOptions { Count = phantoms, Seed = seed })
            : TrainSplit(ManifestDataset.Open(Path.GetFullPath(data), new ManifestOptions { AllowPathsOutsideRoot = allowOutsidePaths }));

        IReadOnlyList<ICaptionTransform> transforms = [];
        switch (mitigation.Kind)
        {
            case MitigationKind.Rwa:
                transforms = [new RandomWordAddition(tokenizer.Words)];
                break;
            case MitigationKind.RwaOfficial:
                dataset = RandomWordAddition.FixCaptions(dataset, tokenizer.Words, seed);
                break;
        }

        return new TrainingData(dataset, transforms);
    }

    private static IImageCaptionDataset TrainSplit(IImageCaptionDataset dataset)
    {
        if (dataset.Items.All(item => item.Split is null))
        {
            return dataset;
        }

        var train = Enumerable.Range(0, dataset.Items.Count).Where(i => dataset.Items[i].Split == DatasetSplit.Train).ToList();
        if (train.Count == 0)
        {
            throw new InvalidDataException($"{dataset.Name}: the manifest has splits but no row in split 'train'");
        }

        return new DatasetView(dataset, train, $"{dataset.Name} (train split)");
    }
}

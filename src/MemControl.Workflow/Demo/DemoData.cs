using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Data.Phantoms;
using MemControl.Data.Splits;
using MemControl.Models.TextEncoders;

namespace MemControl.Workflow.Demo;

/// <summary>
/// The demo's data, written under <c>&lt;run&gt;/data/</c>: synthetic chest radiographs split by subject
/// (<c>phantoms/manifest.csv</c>, what the search reads), the memorization set (the longest reports of the training
/// split, <c>memorization-set.csv</c>), and the training data of the final fine-tunings (<c>training.csv</c>): every
/// phantom once, except the memorization set's R times — the stand-in for a hospital dataset in which some studies recur.
/// </summary>
public sealed record DemoData(string PhantomManifest, string MemorizationManifest, string TrainingManifest)
{
    public static DemoData Write(string runFolder, DemoProfile profile, int seed, ClipTokenizer tokenizer, int imageSize)
    {
        var folder = Path.Combine(runFolder, "data");
        var data = new DemoData(
            Path.Combine(folder, "phantoms", "manifest.csv"),
            Path.Combine(folder, "memorization-set.csv"),
            Path.Combine(folder, "training.csv"));
        if (File.Exists(data.TrainingManifest))
        {
            return data; // written by an earlier run of this demo folder
        }

        var phantoms = PhantomDataset.Create(new PhantomOptions { Count = profile.Phantoms, Subjects = profile.Subjects, Seed = seed });
        var splits = SubjectSplitter.Assign(phantoms.Items, new SplitOptions { ValidationFraction = 0.15, TestFraction = 0.15, Seed = seed });
        var written = PhantomWriter.Write(phantoms, Path.Combine(folder, "phantoms"), imageSize);
        var files = ManifestDataset.Open(written);
        var items = files.Items.Select((item, i) => item with { Split = splits[i] }).ToList();
        ManifestWriter.Write(data.PhantomManifest, items);

        var train = Enumerable.Range(0, items.Count).Where(i => items[i].Split == DatasetSplit.Train).ToList();
        var trainView = new DatasetView(ManifestDataset.Open(data.PhantomManifest), train, "phantoms (train split)");
        var memorization = MemorizationSetBuilder.Build(
            trainView,
            new MemorizationSetOptions { Count = profile.MemorizationCount, Repeats = profile.MemorizationRepeats, HpoFraction = profile.HpoFraction, Seed = seed },
            new ClipCaptionTokenCounter(tokenizer));
        var memorized = memorization.MemorizationIndices.Select(i => trainView.SourceIndices[i]).ToHashSet();
        ManifestWriter.Write(data.MemorizationManifest, [.. memorized.Order().Select(i => items[i])]);
        ManifestWriter.Write(data.TrainingManifest, items, [.. items.Select((_, i) => memorized.Contains(i) ? profile.MemorizationRepeats : 1)]);
        return data;
    }
}

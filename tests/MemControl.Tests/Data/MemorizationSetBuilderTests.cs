using MemControl.Data;
using MemControl.Data.Manifests;
using MemControl.Data.Memorization;
using MemControl.Data.Phantoms;
using MemControl.Tests.Data.Support;

namespace MemControl.Tests.Data;

public sealed class MemorizationSetBuilderTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static DatasetView Captioned(params string[] captions)
    {
        var items = captions.Select((c, i) => new DatasetItem($"id{i}", null, c, $"s{i}", null, DatasetItem.NoLabels, $"t:{i}")).ToArray();
        return new DatasetView(new TestDataset(items), Enumerable.Range(0, items.Length), "train");
    }

    [Fact]
    public void Longest_captions_in_tokens_are_chosen_skipping_repeated_captions()
    {
        // Given
        var training = Captioned("a b", "a b c d e", "a b c", "a b c d e", "a b c d", "x");

        // When
        var set = MemorizationSetBuilder.Build(training,
            new MemorizationSetOptions { Count = 3, Repeats = 2, HpoFraction = 0, Selection = MemorizationSelection.LongestCaptions },
            new WordCountingTokenCounter());

        // Then: 5 tokens (first of the two equal captions), then 4, then 3
        Assert.Equal([1, 4, 2], set.MemorizationIndices);
    }

    [Fact]
    public void Long_and_diverse_selection_skips_near_duplicates_of_chosen_captions()
    {
        // Given: three boilerplate variants of one report (15, 13 and 13 words; word-set Jaccard with the longest 13/14 ≥ 0.8),
        // a distinct long report, a shorter distinct one and short noise.
        var training = Captioned(
            "Heart size is normal. The lungs are clear. No pleural effusion or pneumothorax.",
            "Heart size is normal. The lungs are clear. No pleural effusion or pneumothorax is seen.",
            "Heart size is normal. Lungs are clear. No pleural effusion or pneumothorax seen.",
            "Left lower lobe opacity concerning for pneumonia. Small left effusion. Stable cardiomegaly.",
            "Endotracheal tube tip 4 cm above the carina. Lines unchanged.",
            "Normal.");

        // When
        var diverse = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = 3, HpoFraction = 0 }, new WordCountingTokenCounter());
        var again = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = 3, HpoFraction = 0 }, new WordCountingTokenCounter());
        var longest = MemorizationSetBuilder.Build(training,
            new MemorizationSetOptions { Count = 3, HpoFraction = 0, Selection = MemorizationSelection.LongestCaptions }, new WordCountingTokenCounter());

        // Then: the default keeps the longest variant (15 words) and skips the other two; the official rule takes all three
        Assert.Equal([1, 3, 4], diverse.MemorizationIndices);
        Assert.Equal(diverse.MemorizationIndices, again.MemorizationIndices);
        Assert.Equal([1, 0, 2], longest.MemorizationIndices);
    }

    [Fact]
    public void Word_set_jaccard_ignores_case_punctuation_and_order()
    {
        var a = CaptionSimilarity.WordSet("No effusion. Normal heart!");
        var b = CaptionSimilarity.WordSet("normal heart, no effusion");
        var c = CaptionSimilarity.WordSet("normal heart, small effusion");
        Assert.Equal(1.0, CaptionSimilarity.Jaccard(a, b));
        Assert.Equal(3 / 5.0, CaptionSimilarity.Jaccard(a, c), 1e-12); // {normal, heart, effusion} of {no, effusion, normal, heart, small}
    }

    [Fact]
    public void Too_few_distinct_captions_name_the_options()
    {
        var training = Captioned("a b c d e f g h i j", "a b c d e f g h i", "a b c d e f g h"); // Jaccard 0.9 and 0.8 with the first
        var error = Assert.Throws<ArgumentException>(() =>
            MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = 2, HpoFraction = 0 }, new WordCountingTokenCounter()));
        Assert.Contains("MemorizationSetOptions.DuplicateSimilarity", error.Message);
    }

    [Fact]
    public void D_hpo_is_the_memorization_set_repeated_plus_a_fraction_of_the_rest()
    {
        // Given
        var training = Captioned(Enumerable.Range(0, 210).Select(i => string.Join(' ', Enumerable.Repeat("w", 1 + (i % 37))) + $" {i}").ToArray());
        var options = new MemorizationSetOptions { Count = 10, Repeats = 50, HpoFraction = 0.1, Seed = 2 };

        // When
        var set = MemorizationSetBuilder.Build(training, options, new WordCountingTokenCounter());
        var hpo = set.HpoTraining;

        // Then
        Assert.Equal((10 * 50) + 20, hpo.Items.Count);
        Assert.All(set.MemorizationIndices, i => Assert.Equal(50, hpo.SourceIndices.Count(j => j == i)));
        Assert.Empty(set.ExtraIndices.Intersect(set.MemorizationIndices));
        Assert.Equal(set.ExtraIndices, MemorizationSetBuilder.Build(training, options, new WordCountingTokenCounter()).ExtraIndices);
    }

    [Fact]
    public void Random_selection_is_seeded_and_given_ids_are_used_as_listed()
    {
        // Given
        var training = Captioned(Enumerable.Range(0, 50).Select(i => $"caption {i}").ToArray());

        // When
        var a = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = 5, Selection = MemorizationSelection.Random, Seed = 1 }, new WordCountingTokenCounter());
        var b = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = 5, Selection = MemorizationSelection.Random, Seed = 1 }, new WordCountingTokenCounter());
        var given = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Selection = MemorizationSelection.GivenIds, Ids = ["id7", "id3"] }, new WordCountingTokenCounter());

        // Then
        Assert.Equal(a.MemorizationIndices, b.MemorizationIndices);
        Assert.Equal(5, a.MemorizationIndices.Distinct().Count());
        Assert.Equal([7, 3], given.MemorizationIndices);
    }

    [Fact]
    public void Unknown_ids_and_too_small_splits_are_option_errors()
    {
        // Given
        var training = Captioned("a", "b c");

        // When / Then
        var unknown = Assert.Throws<ArgumentException>(() => MemorizationSetBuilder.Build(training,
            new MemorizationSetOptions { Selection = MemorizationSelection.GivenIds, Ids = ["nope"] }, new WordCountingTokenCounter()));
        Assert.Contains("nope", unknown.Message);
        var small = Assert.Throws<ArgumentException>(() => MemorizationSetBuilder.Build(training, new MemorizationSetOptions(), new WordCountingTokenCounter()));
        Assert.StartsWith("Count: is 100 but the training split", small.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_sets_are_saved_as_manifests_that_reproduce_them()
    {
        // Given: phantoms written to files, so the manifests can point at them
        var phantoms = PhantomDataset.Create(new PhantomOptions { Count = 40, Subjects = 20, Seed = 1 });
        var manifest = PhantomWriter.Write(phantoms, folder.Path, 16);
        var training = ManifestDataset.Open(manifest);
        var set = MemorizationSetBuilder.Build(training, new MemorizationSetOptions { Count = 4, Repeats = 5, HpoFraction = 0.25 }, new WordCountingTokenCounter());

        // When
        var (memorizationPath, hpoPath) = set.Save(folder.Path);
        var memorization = ManifestDataset.Open(memorizationPath);
        var hpo = ManifestDataset.Open(hpoPath);

        // Then
        Assert.Equal(set.Memorization.Items.Select(i => i.Caption), memorization.Items.Select(i => i.Caption));
        Assert.Equal(set.HpoTraining.Items.Select(i => i.ImagePath).Order(), hpo.Items.Select(i => i.ImagePath).Order());
        Assert.Equal((4 * 5) + 9, hpo.Items.Count);
    }

    private sealed class TestDataset(IReadOnlyList<DatasetItem> items) : IImageCaptionDataset
    {
        public string Name => "test";

        public IReadOnlyList<DatasetItem> Items => items;

        public MemControl.Data.Images.ImageData LoadImage(int index, int size) => throw new NotSupportedException();
    }
}

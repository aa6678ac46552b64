using MemControl.Data.Augmentation;
using MemControl.Data.Phantoms;
using MemControl.Tests.Data.Support;

namespace MemControl.Tests.Data;

public sealed class CaptionAugmentationTests
{
    private static readonly string[] Vocabulary = ["zebra", "quartz", "violin", "meadow", "copper", "lantern"];
    private const string Caption = "small right pleural effusion";

    [Fact]
    public void Default_rwa_adds_two_vocabulary_words_to_a_tenth_of_accesses()
    {
        // Given
        var rwa = new RandomWordAddition(Vocabulary);
        var random = new Random(1);
        const int Trials = 20000;

        // When
        var outputs = Enumerable.Range(0, Trials).Select(_ => rwa.Apply(Caption, random)).ToArray();

        // Then
        var changed = outputs.Where(o => o != Caption).ToArray();
        Binomial.AssertRate(changed.Length, Trials, 0.1);
        Assert.All(changed, o =>
        {
            var words = o.Split(' ');
            Assert.Equal(6, words.Length);
            Assert.Equal(2, words.Count(Vocabulary.Contains));
            Assert.Equal(Caption.Split(' '), words.Where(w => !Vocabulary.Contains(w)));
        });
        Assert.True(changed.Distinct().Count() > 100, "words and positions are re-drawn at every access");
    }

    [Fact]
    public void Official_rwa_fixes_four_words_into_every_caption_when_built()
    {
        // Given
        var dataset = PhantomDataset.Create(new PhantomOptions { Count = 50, Seed = 2 });

        // When
        var fixedOnce = RandomWordAddition.FixCaptions(dataset, Vocabulary, seed: 9);
        var fixedAgain = RandomWordAddition.FixCaptions(dataset, Vocabulary, seed: 9);

        // Then
        for (var i = 0; i < dataset.Items.Count; i++)
        {
            var original = dataset.Items[i].Caption.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var augmented = fixedOnce.Items[i].Caption.Split(' ');
            Assert.Equal(original.Length + 4, augmented.Length);
            Assert.Equal(fixedAgain.Items[i].Caption, fixedOnce.Items[i].Caption);
        }

        Assert.Equal(dataset.LoadImage(3, 16).Pixels, fixedOnce.LoadImage(3, 16).Pixels);
    }

    [Fact]
    public void Caption_dropout_empties_a_tenth_of_captions()
    {
        // Given
        var dropout = new CaptionDropout();
        var random = new Random(4);
        const int Trials = 20000;

        // When
        var emptied = Enumerable.Range(0, Trials).Count(_ => dropout.Apply(Caption, random).Length == 0);

        // Then
        Binomial.AssertRate(emptied, Trials, 0.1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.35)]
    [InlineData(1.0)]
    public void Caption_dropout_follows_other_rates(double p)
    {
        // Given
        var dropout = new CaptionDropout(p);
        var random = new Random(5);

        // When
        var emptied = Enumerable.Range(0, 5000).Count(_ => dropout.Apply(Caption, random).Length == 0);

        // Then
        if (p is 0 or 1)
        {
            Assert.Equal((int)(p * 5000), emptied);
        }
        else
        {
            Binomial.AssertRate(emptied, 5000, p);
        }
    }

    [Fact]
    public void Bad_rates_and_an_empty_vocabulary_are_option_errors()
    {
        // When / Then
        Assert.StartsWith("CaptionDropout probability:", Assert.Throws<ArgumentException>(() => new CaptionDropout(1.5)).Message, StringComparison.Ordinal);
        Assert.StartsWith("RandomWordAddition probability:", Assert.Throws<ArgumentException>(() => new RandomWordAddition(Vocabulary, 2, -0.1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RandomWordAddition([], 2, 0.1));
    }
}

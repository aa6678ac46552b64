namespace MemControl.Data.Augmentation;

/// <summary>
/// Random word addition, RWA (Somepalli et al., "Understanding and mitigating copying in diffusion models"; docs/decisions.md §9):
/// insert words drawn uniformly from the tokenizer's vocabulary at uniformly random word positions of the caption.
/// As a per-access transform (the default: 2 words with p = 0.1) the words are re-drawn every time the caption is
/// read; <see cref="FixCaptions"/> gives the official code's variant (4 words into every caption, drawn once).
/// </summary>
public sealed class RandomWordAddition : ICaptionTransform
{
    public const int DefaultWords = 2;
    public const double DefaultProbability = 0.1;
    public const int OfficialWords = 4;

    private readonly IReadOnlyList<string> vocabulary;

    public RandomWordAddition(IReadOnlyList<string> vocabulary, int words = DefaultWords, double probability = DefaultProbability)
    {
        if (vocabulary.Count == 0)
        {
            throw new ArgumentException("the RWA vocabulary is empty; pass the tokenizer's whole-word vocabulary", nameof(vocabulary));
        }

        if (words < 1)
        {
            throw new ArgumentException($"{nameof(RandomWordAddition)} {nameof(words)}: must be at least 1, got {words}");
        }

        if (probability is < 0 or > 1 || double.IsNaN(probability))
        {
            throw new ArgumentException($"{nameof(RandomWordAddition)} {nameof(probability)}: must lie in [0, 1], got {probability}");
        }

        this.vocabulary = vocabulary;
        Words = words;
        Probability = probability;
    }

    public int Words { get; }

    public double Probability { get; }

    public string Apply(string caption, Random random) =>
        random.NextDouble() < Probability ? Insert(caption, random) : caption;

    /// <summary>Always inserts <see cref="Words"/> random words (the probability is not consulted).</summary>
    public string Insert(string caption, Random random)
    {
        var words = caption.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < Words; i++)
        {
            words.Insert(random.Next(words.Count + 1), vocabulary[random.Next(vocabulary.Count)]);
        }

        return string.Join(' ', words);
    }

    /// <summary>
    /// The official variant: <see cref="OfficialWords"/> words inserted into every caption once, when the dataset is
    /// built, so each image keeps one augmented caption for the whole run.
    /// </summary>
    public static IImageCaptionDataset FixCaptions(IImageCaptionDataset dataset, IReadOnlyList<string> vocabulary, int seed, int words = OfficialWords)
    {
        var addition = new RandomWordAddition(vocabulary, words, probability: 1);
        var random = new Random(seed);
        var captions = dataset.Items.Select(item => addition.Insert(item.Caption, random)).ToArray();
        return new RecaptionedDataset(dataset, captions);
    }
}

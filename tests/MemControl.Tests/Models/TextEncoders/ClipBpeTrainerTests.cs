using MemControl.Models.TextEncoders;

namespace MemControl.Tests.Models.TextEncoders;

public sealed class ClipBpeTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"memcontrol-bpe-test-{Guid.NewGuid():N}");

    [Fact]
    public void The_first_merges_are_the_most_frequent_pairs_as_Sennrich_et_al_count_them()
    {
        // Given: "low" ×5, "lower" ×2, "newest" ×6, "widest" ×3 — the worked example of Sennrich et al. (2016), with
        // CLIP's word end on the last character instead of a separate symbol.
        var corpus = Enumerable.Repeat("low", 5).Concat(Enumerable.Repeat("lower", 2))
            .Concat(Enumerable.Repeat("newest", 6)).Concat(Enumerable.Repeat("widest", 3));

        // When
        var merges = ClipBpeTrainer.LearnMerges(corpus, maxMerges: 3);

        // Then: e+s (9: newest 6 + widest 3) ties with s+t</w> (9); the ordinal tie-break takes "e s" first, then
        // "es t</w>" (9), then "l o" (7).
        Assert.Equal(["e s", "es t</w>", "l o"], merges);
    }

    [Fact]
    public void Every_corpus_word_becomes_one_token_and_unknown_words_still_encode()
    {
        // Given
        var corpus = new[] { "a photo of a sneaker", "small left pleural effusion", "no acute cardiopulmonary process" };
        var merges = ClipBpeTrainer.LearnMerges(corpus, maxMerges: 1000);

        // When
        var size = ClipBpeTrainer.WriteFolder(merges, folder);
        var tokenizer = ClipTokenizer.FromFolder(folder);

        // Then
        Assert.Equal(size, tokenizer.VocabularySize);
        Assert.Equal(512 + merges.Count + 2, size);
        Assert.Equal(4, tokenizer.CountTokens("no acute cardiopulmonary process"));
        Assert.Equal(4, tokenizer.CountTokens("small left pleural effusion"));
        Assert.Contains("effusion", tokenizer.Words);
        Assert.True(tokenizer.CountTokens("pneumothorax") > 1);
        Assert.Equal("pneumothorax effusion", tokenizer.Decode(tokenizer.Encode("Pneumothorax effusion")));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

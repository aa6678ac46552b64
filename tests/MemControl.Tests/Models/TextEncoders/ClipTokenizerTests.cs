using MemControl.Models.TextEncoders;
using MemControl.Tests.Support;
using TorchSharp;

namespace MemControl.Tests.Models.TextEncoders;

public sealed class ClipTokenizerTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("clip-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Encode_gives_CLIPs_well_known_ids_for_a_photo_of_a_cat()
    {
        // Given
        var tokenizer = Fixture();

        // When
        var ids = tokenizer.Encode("a photo of a cat");

        // Then
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], ids);
    }

    [Fact]
    public void Encode_unescapes_html_entities_as_CLIPs_basic_clean()
    {
        // Given
        var tokenizer = Fixture();

        // When
        var escaped = tokenizer.Encode("heart &amp; lungs &lt;normal&gt;");

        // Then
        Assert.Equal(tokenizer.Encode("heart & lungs <normal>"), escaped);
    }

    [Fact]
    public void EncodePadded_keeps_BOS_the_first_75_tokens_and_EOS_of_a_long_text()
    {
        // Given
        var tokenizer = Fixture();
        var text = string.Join(' ', Enumerable.Repeat("effusion", 60));   // 2 tokens per word
        var full = tokenizer.Encode(text);

        // When
        var padded = tokenizer.EncodePadded(text);

        // Then
        Assert.Equal(77, padded.Length);
        Assert.Equal(full.Take(76), padded.Take(76));
        Assert.Equal(49407, padded[76]);
    }

    [Fact]
    public void EncodeBatch_gives_an_int64_tensor_of_B_by_77()
    {
        // Given
        var tokenizer = Fixture();

        // When
        using var ids = tokenizer.EncodeBatch(["a photo of a cat", ""]);

        // Then
        Assert.Equal(torch.ScalarType.Int64, ids.dtype);
        Assert.Equal([2L, 77], ids.shape);
        Assert.Equal(2368L, ids[0, 5].item<long>());
        Assert.Equal([49406L, 49407, 49407], ids[1, ..3].data<long>().ToArray());
    }

    [Fact]
    public void CountTokens_counts_text_tokens_without_BOS_and_EOS()
    {
        // Given
        var tokenizer = Fixture();

        // When
        var count = tokenizer.CountTokens("a chest x-ray showing cardiomegaly");

        // Then: a, chest, x, -, ray, showing, cardi, ome, gal, y.
        Assert.Equal(10, count);
    }

    [Fact]
    public void Decode_turns_word_ends_into_spaces_and_drops_special_tokens()
    {
        // Given
        var tokenizer = Fixture();
        var ids = tokenizer.EncodePadded("a chest x-ray showing cardiomegaly");

        // When
        var text = tokenizer.Decode(ids);

        // Then: CLIP decodes every word end as a space, so the hyphen stands alone.
        Assert.Equal("a chest x - ray showing cardiomegaly", text);
    }

    [Fact]
    public void Decode_restores_non_ascii_letters_from_their_utf8_bytes()
    {
        // Given
        var tokenizer = Fixture();

        // When
        var text = tokenizer.Decode(tokenizer.Encode("naïve café"), skipSpecialTokens: false);

        // Then
        Assert.Equal("<|startoftext|>naïve café <|endoftext|>", text);
    }

    [Fact]
    public void Words_are_the_whole_word_entries_of_letters_only()
    {
        // Given
        var tokenizer = Fixture();

        // When
        var words = tokenizer.Words;

        // Then: 32,875 entries of CLIP's vocabulary end in </w> with a stem of a–z only (counted with Python).
        Assert.Equal(32_875, words.Count);
        Assert.Equal("a", words[0]);
        Assert.Contains("chest", words);
        Assert.Contains("lung", words);
        Assert.All(words, word => Assert.Matches("^[a-z]+$", word));
    }

    [Fact]
    public void FromFolder_reads_the_pad_token_of_tokenizer_config_json()
    {
        // Given: an SD-2-style folder that pads with "!" (id 0).
        CopyVocabulary();
        File.WriteAllText(Path.Combine(scratch, "tokenizer_config.json"), """{"pad_token": "!", "model_max_length": 77}""");

        // When
        var tokenizer = ClipTokenizer.FromFolder(scratch);

        // Then
        Assert.Equal(0, tokenizer.PadTokenId);
        Assert.Equal(0, tokenizer.EncodePadded("a cat")[^1]);
    }

    [Fact]
    public void FromFolder_reads_a_pad_token_written_as_an_object()
    {
        // Given
        CopyVocabulary();
        File.WriteAllText(Path.Combine(scratch, "special_tokens_map.json"), """{"pad_token": {"content": "!", "lstrip": false}}""");

        // When
        var tokenizer = ClipTokenizer.FromFolder(scratch);

        // Then
        Assert.Equal(0, tokenizer.PadTokenId);
    }

    [Fact]
    public void FromFolder_pads_with_endoftext_when_no_file_names_a_pad_token()
    {
        // Given
        var tokenizer = Fixture();

        // When
        var padId = tokenizer.PadTokenId;

        // Then
        Assert.Equal(49407, padId);
    }

    [Fact]
    public void FromFolder_names_a_missing_merges_txt()
    {
        // Given
        File.Copy(Path.Combine(TestPaths.RequireClipTokenizerDir(), "vocab.json"), Path.Combine(scratch, "vocab.json"));

        // When
        var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromFolder(scratch));

        // Then
        Assert.Contains("merges.txt", error.Message);
    }

    [Fact]
    public void FromFolder_names_a_missing_folder()
    {
        // Given
        var absent = Path.Combine(scratch, "no-such-tokenizer");

        // When
        var error = Assert.Throws<DirectoryNotFoundException>(() => ClipTokenizer.FromFolder(absent));

        // Then
        Assert.Contains(absent, error.Message);
    }

    [Fact]
    public void FromFolder_names_the_file_and_key_of_an_unknown_pad_token()
    {
        // Given
        CopyVocabulary();
        var config = Path.Combine(scratch, "tokenizer_config.json");
        File.WriteAllText(config, """{"pad_token": "<pad>"}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFolder(scratch));

        // Then
        Assert.Contains(config, error.Message);
        Assert.Contains("pad_token", error.Message);
    }

    private static ClipTokenizer Fixture() => SharedClipTokenizer.Get();

    private void CopyVocabulary()
    {
        var source = TestPaths.RequireClipTokenizerDir();
        foreach (var name in new[] { "vocab.json", "merges.txt" })
        {
            File.Copy(Path.Combine(source, name), Path.Combine(scratch, name));
        }
    }
}

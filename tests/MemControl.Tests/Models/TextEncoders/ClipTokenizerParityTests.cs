using System.Text.Json;
using MemControl.Models.TextEncoders;
using MemControl.Tests.Support;

namespace MemControl.Tests.Models.TextEncoders;

/// <summary>The tokenizer against transformers 5.17's CLIPTokenizer on every case of tokenizer_cases.json.</summary>
[Trait("Category", "Parity")]
public sealed class ClipTokenizerParityTests
{
    [Fact]
    public void Encode_gives_the_reference_ids_for_every_case()
    {
        // Given
        var tokenizer = SharedClipTokenizer.Get();
        var cases = ReadCases();

        // When
        var mismatches = cases
            .Where(c => !tokenizer.Encode(c.Text).SequenceEqual(c.Ids))
            .Select(c => $"'{c.Text}': got [{string.Join(", ", tokenizer.Encode(c.Text))}], expected [{string.Join(", ", c.Ids)}]")
            .ToList();

        // Then
        Assert.NotEmpty(cases);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void EncodePadded_gives_the_reference_77_ids_for_every_case()
    {
        // Given
        var tokenizer = SharedClipTokenizer.Get();
        var cases = ReadCases();

        // When
        var mismatches = cases
            .Where(c => !tokenizer.EncodePadded(c.Text, 77).SequenceEqual(c.IdsPadded77))
            .Select(c => $"'{c.Text}': got [{string.Join(", ", tokenizer.EncodePadded(c.Text, 77))}]")
            .ToList();

        // Then
        Assert.Contains(cases, c => c.Ids.Length > 77);   // the truncation rule is exercised
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void A_folder_with_only_the_tokenizer_json_of_transformers_5_gives_the_reference_ids()
    {
        // Given: the tokenizer/ folder save_pretrained writes today (tokenizer.json + tokenizer_config.json, no vocab.json).
        var folder = TestPaths.RequireParityPath("pipeline_layout_probe", "tokenizer");
        Assert.False(File.Exists(Path.Combine(folder, "vocab.json")));
        var cases = ReadCases();

        // When
        var tokenizer = ClipTokenizer.FromFolder(folder);

        // Then
        Assert.Equal(49407, tokenizer.PadTokenId);
        Assert.All(cases, c => Assert.Equal(c.IdsPadded77, tokenizer.EncodePadded(c.Text)));
    }

    private static List<TokenizerCase> ReadCases()
    {
        var path = TestPaths.RequireParityPath("tokenizer_cases.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => new TokenizerCase(
                c.GetProperty("text").GetString()!,
                c.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray(),
                c.GetProperty("ids_padded_77").EnumerateArray().Select(id => id.GetInt32()).ToArray()))
            .ToList();
    }

    private sealed record TokenizerCase(string Text, int[] Ids, int[] IdsPadded77);
}

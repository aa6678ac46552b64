using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// CLIP's byte-level BPE tokenizer, as Stable Diffusion's <c>tokenizer/</c> folder defines it (vocab.json + merges.txt).
/// The BPE itself is Microsoft.ML.Tokenizers' (set up as docs/dependencies.md §7 shows, which reproduces CLIP's ids); what it does
/// not do is done here: CLIP's <c>basic_clean</c> (HTML unescape) and <c>whitespace_clean</c>, truncation and padding to the
/// text encoder's 77 positions, and a decode that turns the <c>&lt;/w&gt;</c> word ends back into spaces.
/// </summary>
public sealed partial class ClipTokenizer
{
    /// <summary>Token count every SD-1.x prompt is padded or truncated to (CLIP's context length).</summary>
    public const int StableDiffusionMaxLength = 77;

    private const string StartOfText = "<|startoftext|>";
    private const string EndOfText = "<|endoftext|>";
    private const string EndOfWord = "</w>";

    private readonly BpeTokenizer bpe;
    private readonly Dictionary<int, string> tokenOfId;

    private ClipTokenizer(BpeTokenizer bpe, Dictionary<string, int> vocabulary, int padTokenId)
    {
        this.bpe = bpe;
        tokenOfId = vocabulary.ToDictionary(entry => entry.Value, entry => entry.Key);
        BosTokenId = vocabulary[StartOfText];
        EosTokenId = vocabulary[EndOfText];
        PadTokenId = padTokenId;
        Words = vocabulary
            .Where(entry => entry.Key.EndsWith(EndOfWord, StringComparison.Ordinal)
                            && entry.Key.Length > EndOfWord.Length
                            && entry.Key[..^EndOfWord.Length].All(char.IsAsciiLetterLower))
            .OrderBy(entry => entry.Value)
            .Select(entry => entry.Key[..^EndOfWord.Length])
            .ToArray();
    }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c> (49406 in CLIP's vocabulary).</summary>
    public int BosTokenId { get; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c> (49407).</summary>
    public int EosTokenId { get; }

    /// <summary>Id padding is done with: the folder's <c>pad_token</c> (49407 for SD-1.x, 0 = "!" for SD-2), else 49407.</summary>
    public int PadTokenId { get; }

    /// <summary>Number of entries in the vocabulary (49408 for CLIP).</summary>
    public int VocabularySize => tokenOfId.Count;

    /// <summary>
    /// The whole-word entries of the vocabulary (those ending in <c>&lt;/w&gt;</c> whose stem is only the ASCII letters a–z),
    /// without the suffix, in id order (commonest merges first). Used for random-word caption augmentation.
    /// </summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>
    /// Reads a Stable Diffusion <c>tokenizer/</c> folder: <c>vocab.json</c> and <c>merges.txt</c> (as SD checkpoints ship
    /// them), or else the <c>tokenizer.json</c> that transformers 5 writes instead; and the pad token from
    /// <c>tokenizer_config.json</c> or <c>special_tokens_map.json</c> when present.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">Neither vocab.json + merges.txt nor tokenizer.json is there.</exception>
    /// <exception cref="InvalidDataException">A file cannot be read as CLIP's tokenizer files.</exception>
    public static ClipTokenizer FromFolder(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"tokenizer folder '{directory}' does not exist");
        }

        var (vocabulary, merges, source) = ReadVocabularyAndMerges(directory);
        foreach (var special in new[] { StartOfText, EndOfText })
        {
            if (!vocabulary.ContainsKey(special))
            {
                throw new InvalidDataException($"{source}: the special token '{special}' is missing from the vocabulary");
            }
        }

        var specialTokens = new Dictionary<string, int>
        {
            [StartOfText] = vocabulary[StartOfText],
            [EndOfText] = vocabulary[EndOfText],
        };
        BpeTokenizer bpe;
        try
        {
            bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
            {
                Merges = merges,
                SpecialTokens = specialTokens,
                Normalizer = new LowerCaseNormalizer(),
                PreTokenizer = new RegexPreTokenizer(ClipWordPattern(), specialTokens),
                EndOfWordSuffix = EndOfWord,
                ByteLevel = true,
                // BOS and EOS are added in Encode, not by the BPE: ML.Tokenizers returns no ids at all for an empty
                // text, where CLIP gives [BOS, EOS].
            });
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: cannot build a BPE from its vocabulary and merges ({error.Message})", error);
        }

        var padTokenId = ReadPadTokenId(directory, vocabulary);
        return new ClipTokenizer(bpe, vocabulary, padTokenId);
    }

    /// <summary>Token ids of a text, starting with BOS and ending with EOS, not truncated.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var textIds = bpe.EncodeToIds(Clean(text));
        var ids = new List<int>(textIds.Count + 2) { BosTokenId };
        ids.AddRange(textIds);
        ids.Add(EosTokenId);
        return ids;
    }

    /// <summary>
    /// Token ids as the text encoder takes them: BOS, at most <paramref name="maxLength"/> − 2 text tokens, EOS, then
    /// <see cref="PadTokenId"/> up to <paramref name="maxLength"/> (transformers' <c>padding="max_length", truncation=True</c>).
    /// </summary>
    public int[] EncodePadded(string text, int maxLength = StableDiffusionMaxLength)
    {
        if (maxLength < 2)
        {
            throw new ArgumentException($"maxLength must leave room for BOS and EOS, found {maxLength}", nameof(maxLength));
        }

        var ids = Encode(text);
        var padded = new int[maxLength];
        Array.Fill(padded, PadTokenId);
        if (ids.Count <= maxLength)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                padded[i] = ids[i];
            }
        }
        else
        {
            // Keep BOS and the first maxLength − 2 text tokens, then close with EOS.
            for (var i = 0; i < maxLength - 1; i++)
            {
                padded[i] = ids[i];
            }

            padded[maxLength - 1] = EosTokenId;
        }

        return padded;
    }

    /// <summary>A batch of texts as the text encoder's input: int64 [B, <paramref name="maxLength"/>] on the CPU.</summary>
    public Tensor EncodeBatch(IReadOnlyList<string> texts, int maxLength = StableDiffusionMaxLength)
    {
        var ids = new long[texts.Count * maxLength];
        for (var row = 0; row < texts.Count; row++)
        {
            var padded = EncodePadded(texts[row], maxLength);
            for (var column = 0; column < maxLength; column++)
            {
                ids[(row * maxLength) + column] = padded[column];
            }
        }

        return torch.tensor(ids, [texts.Count, maxLength], ScalarType.Int64);
    }

    /// <summary>
    /// Number of text tokens, without BOS and EOS and before truncation; a text is truncated in
    /// <see cref="EncodePadded"/> when this exceeds 75.
    /// </summary>
    public int CountTokens(string text) => bpe.CountTokens(Clean(text));

    /// <summary>
    /// The text of token ids, as CLIP's decode: byte-level characters back to UTF-8 and every <c>&lt;/w&gt;</c> a space
    /// (so "x-ray" comes back as "x - ray"). BOS, EOS and padding are left out unless <paramref name="skipSpecialTokens"/> is false.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        var bytes = new List<byte>();
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            if (!tokenOfId.TryGetValue(id, out var token))
            {
                throw new ArgumentException($"token id {id} is not in the vocabulary of {tokenOfId.Count} entries", nameof(ids));
            }

            if (token is StartOfText or EndOfText)
            {
                if (!skipSpecialTokens)
                {
                    FlushBytes(bytes, text);
                    text.Append(token);
                }

                continue;
            }

            ByteLevelAlphabet.AppendBytes(token.EndsWith(EndOfWord, StringComparison.Ordinal) ? token[..^EndOfWord.Length] : token, bytes);
            if (token.EndsWith(EndOfWord, StringComparison.Ordinal))
            {
                bytes.Add((byte)' ');
            }
        }

        FlushBytes(bytes, text);
        return text.ToString().TrimEnd(' ');
    }

    /// <summary>
    /// The words CLIP's BPE sees in a text: cleaned, lower-cased, split by CLIP's pattern and written in the byte-level
    /// alphabet (special tokens left out). Training a vocabulary (<see cref="ClipBpeTrainer"/>) counts these.
    /// </summary>
    public static IEnumerable<string> PreTokenize(string text) =>
        ClipWordPattern().Matches(Clean(text).ToLowerInvariant())
            .Select(match => match.Value)
            .Where(word => word is not (StartOfText or EndOfText))
            .Select(ByteLevelAlphabet.FromText);

    /// <summary>
    /// CLIP's text clean-up: <c>basic_clean</c> (HTML unescape, twice, as CLIP does; ftfy's mojibake repair is left out) and
    /// <c>whitespace_clean</c> (runs of whitespace → one space, trimmed), plus the NFC normalisation of the fast tokenizer.
    /// Lower-casing is the BPE's normalizer.
    /// </summary>
    internal static string Clean(string text)
    {
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        var composed = unescaped.Normalize(NormalizationForm.FormC);
        return Whitespace().Replace(composed, " ").Trim();
    }

    private static void FlushBytes(List<byte> bytes, StringBuilder text)
    {
        text.Append(Encoding.UTF8.GetString(bytes.ToArray()));
        bytes.Clear();
    }

    /// <summary>
    /// The vocabulary and the merges ("left right" lines, highest priority first) of a tokenizer folder, and the file they
    /// came from for error messages.
    /// </summary>
    private static (Dictionary<string, int> Vocabulary, List<string> Merges, string Source) ReadVocabularyAndMerges(string directory)
    {
        var vocabPath = Path.Combine(directory, "vocab.json");
        var mergesPath = Path.Combine(directory, "merges.txt");
        var tokenizerJsonPath = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(vocabPath) && File.Exists(mergesPath))
        {
            // merges.txt starts with a "#version: 0.2" line; every other non-empty line is one merge.
            var merges = File.ReadLines(mergesPath)
                .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
                .ToList();
            return (ReadVocabulary(vocabPath), merges, vocabPath);
        }

        if (File.Exists(tokenizerJsonPath))
        {
            return ReadTokenizerJson(tokenizerJsonPath);
        }

        var missing = File.Exists(vocabPath) ? mergesPath : vocabPath;
        throw new FileNotFoundException(
            $"tokenizer folder '{directory}' has no {Path.GetFileName(missing)} (and no tokenizer.json to read instead)", missing);
    }

    /// <summary>The <c>model.vocab</c> and <c>model.merges</c> of a Hugging Face tokenizers file (merges as "a b" or ["a", "b"]).</summary>
    private static (Dictionary<string, int> Vocabulary, List<string> Merges, string Source) ReadTokenizerJson(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("model", out var model)
                || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object
                || !model.TryGetProperty("merges", out var mergeList) || mergeList.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: key 'model' must hold a BPE 'vocab' object and a 'merges' list");
            }

            var vocabulary = vocab.EnumerateObject().ToDictionary(entry => entry.Name, entry => entry.Value.GetInt32());
            var merges = mergeList.EnumerateArray()
                .Select(merge => merge.ValueKind == JsonValueKind.Array
                    ? string.Join(' ', merge.EnumerateArray().Select(part => part.GetString()))
                    : merge.GetString() ?? string.Empty)
                .ToList();
            return (vocabulary, merges, path);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a tokenizers file with a BPE model ({error.Message})", error);
        }
    }

    private static Dictionary<string, int> ReadVocabulary(string vocabPath)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath))
                   ?? throw new InvalidDataException($"{vocabPath}: expected a JSON object of token → id, found null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{vocabPath}: expected a JSON object of token → id ({error.Message})", error);
        }
    }

    /// <summary>The pad id from tokenizer_config.json, else special_tokens_map.json, else <c>&lt;|endoftext|&gt;</c>.</summary>
    private static int ReadPadTokenId(string directory, Dictionary<string, int> vocabulary)
    {
        foreach (var name in new[] { "tokenizer_config.json", "special_tokens_map.json" })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            if (ReadPadToken(path) is not { } padToken)
            {
                continue;
            }

            return vocabulary.TryGetValue(padToken, out var id)
                ? id
                : throw new InvalidDataException($"{path}: key 'pad_token' names '{padToken}', which is not in vocab.json");
        }

        return vocabulary[EndOfText];
    }

    /// <summary>The <c>pad_token</c> of a transformers tokenizer file: a string or an object with a <c>content</c> string.</summary>
    private static string? ReadPadToken(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("pad_token", out var padToken))
            {
                return null;
            }

            return padToken.ValueKind switch
            {
                JsonValueKind.String => padToken.GetString(),
                JsonValueKind.Null => null,
                JsonValueKind.Object when padToken.TryGetProperty("content", out var content)
                                          && content.ValueKind == JsonValueKind.String => content.GetString(),
                _ => throw new InvalidDataException(
                    $"{path}: key 'pad_token' must be a string or an object with 'content', found {padToken.ValueKind}"),
            };
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({error.Message})", error);
        }
    }

    /// <summary>CLIP's pre-tokenisation pattern (simple_tokenizer.py): special tokens, contractions, letter runs, single digits, other symbol runs.</summary>
    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex ClipWordPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

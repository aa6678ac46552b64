using System.Text.Json;
using MemControl.Models.Loading;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// Learns a CLIP-style byte-level BPE vocabulary from a corpus (Sennrich et al. 2016: repeatedly merge the most frequent
/// adjacent pair of symbols, counted over the corpus's words) and writes it as a tokenizer folder that
/// <see cref="ClipTokenizer.FromFolder"/> reads. The built-in small model needs its own small vocabulary (CLIP's 49,408
/// entries would be most of its parameters); Microsoft.ML.Tokenizers has no BPE trainer, so this one is written by hand.
/// The layout follows CLIP's: the 256 byte-level characters, the same 256 with the word end <c>&lt;/w&gt;</c>, one entry per
/// merge in merge order, then <c>&lt;|startoftext|&gt;</c> and <c>&lt;|endoftext|&gt;</c>. Any text stays encodable: unknown
/// words fall back to shorter pieces down to single bytes.
/// </summary>
public static class ClipBpeTrainer
{
    private const string EndOfWord = "</w>";

    /// <summary>The learned merges ("left right", in order) for <paramref name="corpus"/>, at most <paramref name="maxMerges"/>.</summary>
    public static IReadOnlyList<string> LearnMerges(IEnumerable<string> corpus, int maxMerges)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMerges);
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in corpus.SelectMany(ClipTokenizer.PreTokenize))
        {
            wordCounts[word] = wordCounts.GetValueOrDefault(word) + 1;
        }

        // Each distinct word as its symbols (the last one carrying the word end), with its corpus count.
        var words = wordCounts
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => (Symbols: Symbols(entry.Key), Count: entry.Value))
            .ToList();
        var merges = new List<string>();
        while (merges.Count < maxMerges)
        {
            var pairCounts = new Dictionary<(string Left, string Right), int>();
            foreach (var (symbols, count) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    var pair = (symbols[i], symbols[i + 1]);
                    pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + count;
                }
            }

            if (pairCounts.Count == 0)
            {
                break; // every word is one symbol
            }

            // Most frequent pair; ties broken by the pair's text so the result does not depend on hash order.
            var best = pairCounts
                .OrderByDescending(entry => entry.Value)
                .ThenBy(entry => entry.Key.Left, StringComparer.Ordinal)
                .ThenBy(entry => entry.Key.Right, StringComparer.Ordinal)
                .First().Key;
            merges.Add($"{best.Left} {best.Right}");
            foreach (var (symbols, _) in words)
            {
                Merge(symbols, best.Left, best.Right);
            }
        }

        return merges;
    }

    /// <summary>Writes vocab.json, merges.txt and tokenizer_config.json for <paramref name="merges"/> into <paramref name="directory"/>.</summary>
    /// <returns>The vocabulary size (what the text encoder's <c>vocab_size</c> must be).</returns>
    public static int WriteFolder(IReadOnlyList<string> merges, string directory)
    {
        Directory.CreateDirectory(directory);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string token) => vocabulary.TryAdd(token, vocabulary.Count);

        foreach (var character in ByteLevelAlphabet.Characters)
        {
            Add(character.ToString());
        }

        foreach (var character in ByteLevelAlphabet.Characters)
        {
            Add(character + EndOfWord);
        }

        foreach (var merge in merges)
        {
            Add(merge.Replace(" ", string.Empty, StringComparison.Ordinal));
        }

        Add("<|startoftext|>");
        Add("<|endoftext|>");
        AtomicFile.WriteText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(vocabulary));
        AtomicFile.WriteText(Path.Combine(directory, "merges.txt"), "#version: 0.2\n" + string.Join('\n', merges) + "\n");
        var config = new Dictionary<string, object>
        {
            ["tokenizer_class"] = "CLIPTokenizer",
            ["model_max_length"] = ClipTokenizer.StableDiffusionMaxLength,
            ["bos_token"] = "<|startoftext|>",
            ["eos_token"] = "<|endoftext|>",
            ["unk_token"] = "<|endoftext|>",
            ["pad_token"] = "<|endoftext|>",
        };
        AtomicFile.WriteText(Path.Combine(directory, "tokenizer_config.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        return vocabulary.Count;
    }

    private static List<string> Symbols(string word)
    {
        var symbols = word.Select(character => character.ToString()).ToList();
        symbols[^1] += EndOfWord;
        return symbols;
    }

    private static void Merge(List<string> symbols, string left, string right)
    {
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] == left && symbols[i + 1] == right)
            {
                symbols[i] = left + right;
                symbols.RemoveAt(i + 1);
            }
        }
    }
}

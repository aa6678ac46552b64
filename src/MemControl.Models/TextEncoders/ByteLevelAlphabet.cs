namespace MemControl.Models.TextEncoders;

/// <summary>
/// The byte ↔ printable-character table of GPT-2/CLIP byte-level BPE (<c>bytes_to_unicode</c> in CLIP's
/// simple_tokenizer.py): printable Latin-1 bytes stand for themselves, the other 68 bytes for U+0100 onwards, in order.
/// Written by hand because Microsoft.ML.Tokenizers keeps its table internal and its Decode drops CLIP's word ends.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly Dictionary<char, byte> ByteOfCharacter = Build();

    private static readonly char[] CharacterOfByte = ByteOfCharacter.OrderBy(entry => entry.Value).Select(entry => entry.Key).ToArray();

    /// <summary>The 256 byte-level characters in byte order (the first 256 entries of CLIP's vocabulary).</summary>
    public static IReadOnlyList<char> Characters => CharacterOfByte;

    /// <summary>A text's UTF-8 bytes as byte-level characters (what the BPE merges operate on).</summary>
    public static string FromText(string text) =>
        string.Concat(System.Text.Encoding.UTF8.GetBytes(text).Select(value => CharacterOfByte[value]));

    /// <summary>The UTF-8 bytes that a byte-level token string stands for.</summary>
    public static void AppendBytes(string token, List<byte> bytes)
    {
        foreach (var character in token)
        {
            if (!ByteOfCharacter.TryGetValue(character, out var value))
            {
                throw new ArgumentException($"'{character}' in token '{token}' is not a byte-level character", nameof(token));
            }

            bytes.Add(value);
        }
    }

    private static Dictionary<char, byte> Build()
    {
        static bool StandsForItself(int b) => b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';

        var table = new Dictionary<char, byte>(256);
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var character = StandsForItself(b) ? (char)b : (char)next++;
            table[character] = (byte)b;
        }

        return table;
    }
}

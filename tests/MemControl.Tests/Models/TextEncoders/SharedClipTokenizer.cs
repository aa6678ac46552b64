using MemControl.Models.TextEncoders;
using MemControl.Tests.Support;

namespace MemControl.Tests.Models.TextEncoders;

/// <summary>Test support: the fixture's CLIP tokenizer, read once per test run (reading 49k merges takes a second or two).</summary>
internal static class SharedClipTokenizer
{
    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.FromFolder(TestPaths.ClipTokenizerDir));

    /// <summary>The tokenizer; skips the calling test when the fixture is absent.</summary>
    public static ClipTokenizer Get()
    {
        TestPaths.RequireClipTokenizerDir();
        return Tokenizer.Value;
    }
}

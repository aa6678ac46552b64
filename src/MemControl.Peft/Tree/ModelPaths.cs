using System.Text.RegularExpressions;

namespace MemControl.Peft.Tree;

/// <summary>The diffusers path shapes PEFT relies on (module paths are the checkpoint key prefixes).</summary>
public static partial class ModelPaths
{
    /// <summary>Whether <paramref name="path"/> is a Transformer2DModel: <c>(down_blocks.N|mid_block|up_blocks.N).attentions.M</c>.</summary>
    public static bool IsTransformerModel(string path) => TransformerModel().IsMatch(path);

    /// <summary>Whether <paramref name="key"/> lies inside the Transformer2DModel <paramref name="block"/> (or is it).</summary>
    public static bool IsInside(string key, string block) =>
        key == block || key.StartsWith(block + ".", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="key"/> lies inside a BasicTransformerBlock's attn1 or attn2.</summary>
    public static bool IsInsideAttention(string key) => AttentionKey().IsMatch(key);

    /// <summary>Whether <paramref name="path"/> is a BasicTransformerBlock (<c>....transformer_blocks.K</c>).</summary>
    public static bool IsTransformerBlock(string path) => TransformerBlock().IsMatch(path);

    [GeneratedRegex(@"^(down_blocks\.\d+|mid_block|up_blocks\.\d+)\.attentions\.\d+$")]
    private static partial Regex TransformerModel();

    [GeneratedRegex(@"\.transformer_blocks\.\d+\.attn[12](\.|$)")]
    private static partial Regex AttentionKey();

    [GeneratedRegex(@"\.transformer_blocks\.\d+$")]
    private static partial Regex TransformerBlock();
}

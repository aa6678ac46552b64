using System.Text.RegularExpressions;

namespace MemControl.Peft.Tree;

/// <summary>
/// The diffusers path shapes PEFT relies on (module paths are the checkpoint key prefixes); the one home of these
/// patterns, used by the methods and by the mask layout.
/// </summary>
public static partial class ModelPaths
{
    /// <summary>The parts of a BasicTransformerBlock a fine mask has a bit for, in bit order.</summary>
    public static readonly IReadOnlyList<string> TransformerBlockParts = ["attn1", "attn2", "ff"];

    /// <summary>Whether <paramref name="path"/> is a Transformer2DModel: <c>(down_blocks.N|mid_block|up_blocks.N).attentions.M</c>.</summary>
    public static bool IsTransformerModel(string path) => TransformerModel().IsMatch(path);

    /// <summary>
    /// Where the Transformer2DModel <paramref name="path"/> stands in the UNet: down (0) before mid (1) before up (2), then
    /// the block index, then the attention index (docs/decisions.md §4's bit order).
    /// </summary>
    public static (int Group, int Block, int Attention) TransformerModelOrder(string path)
    {
        var match = TransformerModel().Match(path);
        if (!match.Success)
        {
            throw new ArgumentException($"'{path}' is not a Transformer2DModel path", nameof(path));
        }

        var group = match.Groups["kind"].Value switch { "down_blocks" => 0, "mid_block" => 1, _ => 2 };
        var block = match.Groups["block"].Success ? int.Parse(match.Groups["block"].Value) : 0;
        return (group, block, int.Parse(match.Groups["attention"].Value));
    }

    /// <summary>Whether <paramref name="key"/> lies inside the Transformer2DModel <paramref name="block"/> (or is it).</summary>
    public static bool IsInside(string key, string block) =>
        key == block || key.StartsWith(block + ".", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="key"/> lies inside a BasicTransformerBlock's attn1 or attn2.</summary>
    public static bool IsInsideAttention(string key) => AttentionKey().IsMatch(key);

    /// <summary>Whether <paramref name="path"/> is a BasicTransformerBlock (<c>....transformer_blocks.K</c>).</summary>
    public static bool IsTransformerBlock(string path) => TransformerBlock().IsMatch(path);

    /// <summary>The BasicTransformerBlocks directly in the Transformer2DModel <paramref name="model"/>, ordered by K.</summary>
    public static IEnumerable<string> TransformerBlocksOf(string model, IEnumerable<string> paths) => paths
        .Where(path => IsTransformerBlock(path) && path.StartsWith(model + ".transformer_blocks.", StringComparison.Ordinal))
        .Where(path => path.Count(c => c == '.') == model.Count(c => c == '.') + 2)
        .OrderBy(path => int.Parse(path[(path.LastIndexOf('.') + 1)..]));

    [GeneratedRegex(@"^((?<kind>down_blocks|up_blocks)\.(?<block>\d+)|(?<kind>mid_block))\.attentions\.(?<attention>\d+)$")]
    private static partial Regex TransformerModel();

    [GeneratedRegex(@"\.transformer_blocks\.\d+\.attn[12](\.|$)")]
    private static partial Regex AttentionKey();

    [GeneratedRegex(@"\.transformer_blocks\.\d+$")]
    private static partial Regex TransformerBlock();
}

using System.Text.RegularExpressions;
using MemControl.Peft.Tree;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Peft.Masks;

/// <summary>
/// The bits of a mask space on one model, derived from its module paths: every Transformer2DModel is a path matching
/// <c>(down_blocks.N|mid_block|up_blocks.N).attentions.M</c>, ordered down (by N, M), mid, up (by N, M) — docs/decisions.md §4.
/// </summary>
public sealed partial class MaskLayout
{
    private MaskLayout(MaskSpace space, IReadOnlyList<MaskUnit> units, IReadOnlyList<string> alwaysTrained)
    {
        Space = space;
        Units = units;
        AlwaysTrainedBlocks = alwaysTrained;
    }

    public MaskSpace Space { get; }

    /// <summary>One unit per bit, in bit order.</summary>
    public IReadOnlyList<MaskUnit> Units { get; }

    /// <summary>Transformer2DModels that have no bit in this space and always train (official13's skipped blocks).</summary>
    public IReadOnlyList<string> AlwaysTrainedBlocks { get; }

    /// <summary>The layout of <paramref name="space"/> on the model <paramref name="root"/>.</summary>
    public static MaskLayout For(nn.Module root, MaskSpace space) =>
        FromPaths(ModuleTree.Modules(root).Select(entry => entry.Path), space);

    /// <summary>The layout of <paramref name="space"/> on a model with these module paths.</summary>
    public static MaskLayout FromPaths(IEnumerable<string> modulePaths, MaskSpace space)
    {
        var paths = modulePaths.ToList();
        var blocks = paths.Where(path => TransformerPath().IsMatch(path)).OrderBy(BlockOrder).ToList();
        if (blocks.Count == 0)
        {
            throw new ArgumentException("the model has no Transformer2DModel (no module path like 'down_blocks.N.attentions.M'), so it has no mask bits");
        }

        // The official code indexes 13 blocks and never reaches the third attention of each up block (docs/decisions.md §4).
        var skipped = space == MaskSpace.Official13
            ? blocks.Where(block => OfficialSkipPath().IsMatch(block)).ToList()
            : [];
        var units = new List<MaskUnit>();
        foreach (var block in blocks.Except(skipped))
        {
            if (space == MaskSpace.Fine)
            {
                foreach (var part in new[] { "attn1", "attn2", "ff" })
                {
                    var prefixes = paths.Where(path => IsTransformerBlockChild(path, block, part)).ToList();
                    units.Add(new MaskUnit($"{block}.{part}", prefixes));
                }
            }
            else
            {
                units.Add(new MaskUnit(block, [$"{block}.transformer_blocks"]));
            }
        }

        return new MaskLayout(space, units, skipped);
    }

    private static bool IsTransformerBlockChild(string path, string block, string part)
    {
        var prefix = block + ".transformer_blocks.";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path[prefix.Length..].Split('.');
        return rest.Length == 2 && int.TryParse(rest[0], out _) && rest[1] == part;
    }

    // Sort key: down (0) before mid (1) before up (2), then block index, then attention index.
    private static (int Group, int Block, int Attention) BlockOrder(string path)
    {
        var match = TransformerPath().Match(path);
        var group = match.Groups["kind"].Value switch { "down_blocks" => 0, "mid_block" => 1, _ => 2 };
        var block = match.Groups["block"].Success ? int.Parse(match.Groups["block"].Value) : 0;
        return (group, block, int.Parse(match.Groups["attention"].Value));
    }

    [GeneratedRegex(@"^(?<kind>down_blocks|mid_block|up_blocks)(\.(?<block>\d+))?\.attentions\.(?<attention>\d+)$")]
    private static partial Regex TransformerPath();

    [GeneratedRegex(@"^up_blocks\.[123]\.attentions\.2$")]
    private static partial Regex OfficialSkipPath();
}

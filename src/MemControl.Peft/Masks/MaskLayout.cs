using System.Text.RegularExpressions;
using MemControl.Peft.Tree;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Peft.Masks;

/// <summary>
/// The bits of a mask space on one model, derived from its module paths: every Transformer2DModel
/// (<see cref="ModelPaths.IsTransformerModel"/>), ordered down (by N, M), mid, up (by N, M) — docs/decisions.md §4.
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
        var blocks = paths.Where(ModelPaths.IsTransformerModel).OrderBy(ModelPaths.TransformerModelOrder).ToList();
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
            units.AddRange(space == MaskSpace.Fine
                ? FineUnits(block, paths)
                : [new MaskUnit(block, [$"{block}.transformer_blocks"])]);
        }

        return new MaskLayout(space, units, skipped);
    }

    // One bit per attn1 / attn2 / ff module of each BasicTransformerBlock, named by its module path. Before, one bit named
    // <block>.<part> covered that part in every transformer block of the Transformer2DModel; on SD-1.x (one transformer
    // block each) the bits, their order and what they cover are the same, only the names are real paths now.
    private static IEnumerable<MaskUnit> FineUnits(string block, IReadOnlyCollection<string> paths)
    {
        var modules = paths.ToHashSet();
        foreach (var transformerBlock in ModelPaths.TransformerBlocksOf(block, paths))
        {
            foreach (var part in ModelPaths.TransformerBlockParts)
            {
                var path = $"{transformerBlock}.{part}";
                if (modules.Contains(path))
                {
                    yield return new MaskUnit(path, [path]) { LegacyName = $"{block}.{part}" };
                }
            }
        }
    }

    [GeneratedRegex(@"^up_blocks\.[123]\.attentions\.2$")]
    private static partial Regex OfficialSkipPath();
}

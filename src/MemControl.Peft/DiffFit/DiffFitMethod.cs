using MemControl.Peft.Layers;
using MemControl.Peft.Tree;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.DiffFit;

/// <summary>
/// Unfreezes every bias and norm parameter and adds the γ scales (docs/decisions.md §3). A mask bit gates the γ inside its block's
/// <c>transformer_blocks</c>; biases and norms always train.
/// </summary>
public sealed class DiffFitMethod(DiffFitConfig config) : IPeftMethod
{
    private static readonly string[] Projections = ["to_q", "to_k", "to_v", "to_out.0"];

    public PeftConfig Config { get; } = config;

    public bool SupportsMask => true;

    public IReadOnlyList<PlannedParameter> Plan(nn.Module root)
    {
        var modules = ModuleTree.Modules(root).ToList();
        var plan = new List<PlannedParameter>();
        foreach (var (path, module) in modules)
        {
            var isNorm = module is GroupNorm or LayerNorm;
            foreach (var (name, parameter) in module.named_parameters(recurse: false))
            {
                if (name == "bias" || isNorm)
                {
                    plan.Add(new PlannedParameter(path, name, parameter.numel(), AdapterParameterKind.Main, Maskable: false));
                }
            }
        }

        var paths = modules.Select(entry => entry.Path).ToHashSet();
        plan.AddRange(ScaledPaths(paths).Select(path =>
            new PlannedParameter(path, OutputScale.GammaName, 1, AdapterParameterKind.Main, Maskable: true)));
        return plan;
    }

    public IReadOnlyDictionary<string, IPeftLayer> Attach(nn.Module root)
    {
        var paths = ModuleTree.Modules(root).Select(entry => entry.Path).ToHashSet();
        var layers = new Dictionary<string, IPeftLayer>();
        // Deepest first: the projections are wrapped inside their attention module before the attention itself is.
        foreach (var path in ScaledPaths(paths).OrderByDescending(path => path.Count(c => c == '.')))
        {
            IPeftLayer layer = ModuleTree.Find(root, path) switch
            {
                nn.Module<Tensor, Tensor> oneInput => new ScaleLayer(oneInput),
                nn.Module<Tensor, Tensor?, Tensor> twoInputs => new ScaleLayer2(twoInputs),
                var other => throw new ArgumentException(
                    $"DiffFit cannot scale '{path}': {other.GetType().Name} is neither a one- nor a two-input tensor module"),
            };
            ModuleTree.Substitute(root, path, (nn.Module)layer);
            layers[path] = layer;
        }

        return layers;
    }

    // γ_attn1, γ_attn2, γ_ff per BasicTransformerBlock and γ_q, γ_k, γ_v, γ_out per attention, where present.
    private static IEnumerable<string> ScaledPaths(IReadOnlySet<string> paths)
    {
        foreach (var block in paths.Where(ModelPaths.IsTransformerBlock).Order(StringComparer.Ordinal))
        {
            foreach (var branch in ModelPaths.TransformerBlockParts)
            {
                var branchPath = $"{block}.{branch}";
                if (!paths.Contains(branchPath))
                {
                    continue;
                }

                yield return branchPath;
                if (branch == "ff")
                {
                    continue;
                }

                foreach (var projection in Projections.Select(name => $"{branchPath}.{name}").Where(paths.Contains))
                {
                    yield return projection;
                }
            }
        }
    }
}

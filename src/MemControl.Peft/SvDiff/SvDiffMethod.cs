using MemControl.Peft.Layers;
using MemControl.Peft.Tree;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.SvDiff;

/// <summary>
/// Attaches SV-DIFF to every Linear, Conv2d, GroupNorm and LayerNorm of the model (every weight, docs/decisions.md §3). A mask bit
/// gates the δ inside its block's <c>transformer_blocks</c>; every other δ always trains.
/// </summary>
public sealed class SvDiffMethod(SvDiffConfig config, PeftContext context) : IPeftMethod
{
    private readonly SvdCache cache = context.SvdCache ?? new SvdCache(factorDType: context.FrozenDType);

    public PeftConfig Config { get; } = config;

    public bool SupportsMask => true;

    private bool IsAuthor => config.Kind == SvDiffVariant.Author;

    public IReadOnlyList<PlannedParameter> Plan(nn.Module root)
    {
        var plan = new List<PlannedParameter>();
        foreach (var (path, module) in Targets(root))
        {
            switch (module)
            {
                case Linear linear:
                    plan.Add(Spectral(path, Math.Min(linear.weight.shape[0], linear.weight.shape[1])));
                    break;
                case Conv2d conv:
                    var shape = conv.weight.shape;
                    // Singular values of the (out, in/groups·kh·kw) matrix.
                    plan.Add(Spectral(path, Math.Min(shape[0], shape[1] * shape[2] * shape[3])));
                    break;
                case GroupNorm or LayerNorm:
                    var gain = module.named_parameters(recurse: false).First(entry => entry.name == "weight").parameter;
                    plan.Add(new PlannedParameter(path, NormShiftLayer.DeltaName, IsAuthor ? gain.numel() : 1,
                        AdapterParameterKind.OneDimensionalShift, Maskable: true));
                    break;
            }
        }

        return plan;
    }

    public IReadOnlyDictionary<string, IPeftLayer> Attach(nn.Module root)
    {
        var layers = new Dictionary<string, IPeftLayer>();
        var targets = Targets(root).ToList();
        var decomposed = targets.Count(target => target.Module is Linear or Conv2d);
        var done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (path, module) in targets)
        {
            var typed = (nn.Module<Tensor, Tensor>)module;
            PeftLayer layer = module switch
            {
                Linear linear => new SpectralShiftLayer(typed, cache.GetOrCompute(context.BaseModelIdentity, path, linear.weight), IsAuthor),
                Conv2d conv => new SpectralShiftLayer(typed, cache.GetOrCompute(context.BaseModelIdentity, path, conv.weight), IsAuthor),
                _ => new NormShiftLayer(typed, perElement: IsAuthor),
            };
            ModuleTree.Substitute(root, path, layer);
            layers[path] = layer;
            if (layer is SpectralShiftLayer)
            {
                context.Progress?.Invoke(new AttachProgress(Config.Method, path, ++done, decomposed, clock.Elapsed.TotalSeconds));
            }
        }

        cache.Save();
        return layers;
    }

    private static PlannedParameter Spectral(string path, long count) =>
        new(path, SpectralShiftLayer.DeltaName, count, AdapterParameterKind.Main, Maskable: true);

    private static IEnumerable<(string Path, nn.Module Module)> Targets(nn.Module root) =>
        ModuleTree.Modules(root).Where(entry => entry.Module switch
        {
            Linear or Conv2d => true,
            GroupNorm norm => norm.affine,
            LayerNorm norm => norm.elementwise_affine,
            _ => false,
        });
}

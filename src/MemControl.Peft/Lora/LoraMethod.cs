using MemControl.Peft.Layers;
using MemControl.Peft.Tree;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Lora;

/// <summary>Attaches LoRA to the Linear modules matched by <see cref="LoraConfig.TargetModules"/>; a mask bit gates A and B.</summary>
public sealed class LoraMethod(LoraConfig config) : IPeftMethod
{
    public PeftConfig Config { get; } = config;

    public bool SupportsMask => true;

    public IReadOnlyList<PlannedParameter> Plan(nn.Module root) =>
        Targets(root).SelectMany(target => new[]
        {
            new PlannedParameter(target.Path, LowRankDeltaLayer.AName, config.Rank * target.Linear.weight.shape[1], AdapterParameterKind.Main, Maskable: true),
            new PlannedParameter(target.Path, LowRankDeltaLayer.BName, target.Linear.weight.shape[0] * config.Rank, AdapterParameterKind.Main, Maskable: true),
        }).ToList();

    public IReadOnlyDictionary<string, IPeftLayer> Attach(nn.Module root)
    {
        var generator = new Generator(unchecked((ulong)config.Seed));
        var layers = new Dictionary<string, IPeftLayer>();
        foreach (var (path, linear) in Targets(root).ToList())
        {
            var layer = new LowRankDeltaLayer(linear, config.Rank, config.Alpha, generator);
            ModuleTree.Substitute(root, path, layer);
            layers[path] = layer;
        }

        return layers;
    }

    private IEnumerable<(string Path, Linear Linear)> Targets(nn.Module root)
    {
        var matcher = new TargetModuleMatcher(config.TargetModules);
        var modules = ModuleTree.Modules(root).ToList();
        var selected = matcher.Select(modules.Select(entry => entry.Path)).ToHashSet();
        foreach (var (path, module) in modules.Where(entry => selected.Contains(entry.Path)))
        {
            yield return module is Linear linear
                ? (path, linear)
                : throw new ArgumentException($"LoRA target '{path}' is a {module.GetType().Name}, not a Linear");
        }
    }
}

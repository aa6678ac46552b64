using MemControl.Peft.Layers;
using MemControl.Peft.Tree;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Peft.AttentionTuning;

/// <summary>Unfreezes the parameters under every <c>...attentions.N</c> path; adds nothing.</summary>
public sealed class AttentionTuningMethod(AttentionTuningConfig config) : IPeftMethod
{
    public PeftConfig Config { get; } = config;

    public bool SupportsMask => true;

    public IReadOnlyList<PlannedParameter> Plan(nn.Module root)
    {
        var modules = ModuleTree.Modules(root).ToList();
        var blocks = modules.Select(entry => entry.Path).Where(ModelPaths.IsTransformerModel).ToList();
        if (blocks.Count == 0)
        {
            throw new ArgumentException("attention tuning found no Transformer2DModel (no module path like 'down_blocks.N.attentions.M')");
        }

        return modules
            .Where(entry => blocks.Any(block => ModelPaths.IsInside(entry.Path, block)))
            .SelectMany(entry => entry.Module.named_parameters(recurse: false).Select(parameter =>
            {
                var key = ModuleTree.Join(entry.Path, parameter.name);
                return new PlannedParameter(entry.Path, parameter.name, parameter.parameter.numel(), AdapterParameterKind.Main,
                    Maskable: ModelPaths.IsInsideAttention(key));
            }))
            .ToList();
    }

    public IReadOnlyDictionary<string, IPeftLayer> Attach(nn.Module root) => new Dictionary<string, IPeftLayer>();
}

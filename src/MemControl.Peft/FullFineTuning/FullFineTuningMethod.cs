using MemControl.Peft.Layers;
using MemControl.Peft.Tree;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Peft.FullFineTuning;

/// <summary>Unfreezes every parameter; adds nothing; saves the whole model's weights as the adapter.</summary>
public sealed class FullFineTuningMethod(FullFineTuningConfig config) : IPeftMethod
{
    public PeftConfig Config { get; } = config;

    public bool SupportsMask => false;

    public IReadOnlyList<PlannedParameter> Plan(nn.Module root) =>
        ModuleTree.Modules(root)
            .SelectMany(entry => entry.Module.named_parameters(recurse: false)
                .Select(parameter => new PlannedParameter(entry.Path, parameter.name, parameter.parameter.numel(), AdapterParameterKind.Main, Maskable: false)))
            .ToList();

    public IReadOnlyDictionary<string, IPeftLayer> Attach(nn.Module root) => new Dictionary<string, IPeftLayer>();
}

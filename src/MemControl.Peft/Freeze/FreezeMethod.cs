using MemControl.Peft.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Peft.Freeze;

/// <summary>Trains nothing and adds nothing.</summary>
public sealed class FreezeMethod(FreezeConfig config) : IPeftMethod
{
    public PeftConfig Config { get; } = config;

    public bool SupportsMask => false;

    public IReadOnlyList<PlannedParameter> Plan(nn.Module root) => [];

    public IReadOnlyDictionary<string, IPeftLayer> Attach(nn.Module root) => new Dictionary<string, IPeftLayer>();
}

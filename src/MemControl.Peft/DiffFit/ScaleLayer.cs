using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.DiffFit;

/// <summary>DiffFit's γ on a one-input module: output · γ (<see cref="OutputScale"/> holds the behaviour).</summary>
public sealed class ScaleLayer : PeftLayer
{
    public ScaleLayer(nn.Module<Tensor, Tensor> baseModule) : base(nameof(ScaleLayer), baseModule) =>
        AddAdapterParameter(OutputScale.GammaName, OutputScale.InitialGamma(), AdapterParameterKind.Main);

    public Parameter Gamma => AdapterParameter(OutputScale.GammaName);

    public override Tensor forward(Tensor input) => OutputScale.Apply(() => BaseModule.call(input), Gamma);

    public override nn.Module? Merge() => OutputScale.Merge(this);
}

using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.DiffFit;

/// <summary>DiffFit's γ on a two-input attention module called as (hidden states, context): output · γ (<see cref="OutputScale"/>).</summary>
public sealed class ScaleLayer2 : PeftLayer2
{
    public ScaleLayer2(nn.Module<Tensor, Tensor?, Tensor> baseModule) : base(nameof(ScaleLayer2), baseModule) =>
        AddAdapterParameter(OutputScale.GammaName, OutputScale.InitialGamma(), AdapterParameterKind.Main);

    public Parameter Gamma => AdapterParameter(OutputScale.GammaName);

    public override Tensor forward(Tensor input, Tensor? context) => OutputScale.Apply(() => BaseModule.call(input, context), Gamma);

    public override nn.Module? Merge() => OutputScale.Merge(this);
}

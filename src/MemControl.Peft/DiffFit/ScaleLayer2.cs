using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.DiffFit;

/// <summary>DiffFit's γ on a two-input attention module called as (hidden states, context): output · γ.</summary>
public sealed class ScaleLayer2 : PeftLayer2
{
    public ScaleLayer2(nn.Module<Tensor, Tensor?, Tensor> baseModule) : base(nameof(ScaleLayer2), baseModule)
    {
        AddAdapterParameter(OutputScale.GammaName, ones(1, device: ScaleLayer.LayerDevice(baseModule)), AdapterParameterKind.Main);
    }

    public Parameter Gamma => AdapterParameter(OutputScale.GammaName);

    public override Tensor forward(Tensor input, Tensor? context)
    {
        using var scope = NewDisposeScope();
        var output = BaseModule.call(input, context);
        return (output * Gamma.to(output.dtype)).MoveToOuterDisposeScope();
    }

    public override nn.Module? Merge()
    {
        if (OutputScale.TryFold(Base, Gamma.detach()))
        {
            return Base;
        }

        Gamma.requires_grad = false;
        return null;
    }
}

using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.DiffFit;

/// <summary>DiffFit's γ on a one-input module: output · γ (γ init 1, so an untrained layer changes nothing).</summary>
public sealed class ScaleLayer : PeftLayer
{
    public ScaleLayer(nn.Module<Tensor, Tensor> baseModule) : base(nameof(ScaleLayer), baseModule)
    {
        AddAdapterParameter(OutputScale.GammaName, ones(1, device: LayerDevice(baseModule)), AdapterParameterKind.Main);
    }

    public Parameter Gamma => AdapterParameter(OutputScale.GammaName);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = BaseModule.call(input);
        return (output * Gamma.to(output.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>Folds γ into the wrapped Linear, or the attention's to_out.0 / the FeedForward's net.2; else stays.</summary>
    public override nn.Module? Merge()
    {
        if (OutputScale.TryFold(Base, Gamma.detach()))
        {
            return Base;
        }

        Gamma.requires_grad = false;
        return null;
    }

    internal static Device LayerDevice(nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;
}

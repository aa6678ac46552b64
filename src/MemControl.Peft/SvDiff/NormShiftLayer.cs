using MemControl.Models.Runtime;
using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.SvDiff;

/// <summary>
/// SV-DIFF on the 1-D gain of a GroupNorm or LayerNorm (docs/decisions.md §3).
/// Author variant: γ' = γ + δ, one shift per element (δ init 0, so γ' = γ exactly).
/// MemControl variant: the spectral shift of γ seen as a 1×C matrix, whose only singular value is ‖γ‖ with right
/// vector γ/‖γ‖ — so γ' = ReLU(‖γ‖ + δ)·γ/‖γ‖ with one scalar δ per norm (svdiff-pytorch's SVD norm layers).
/// </summary>
public sealed class NormShiftLayer : PeftLayer
{
    public const string DeltaName = "svdiff_delta";

    private readonly bool perElement;

    public NormShiftLayer(nn.Module<Tensor, Tensor> baseModule, bool perElement) : base(nameof(NormShiftLayer), baseModule)
    {
        var gain = Gain() ?? throw new ArgumentException($"{baseModule.GetType().Name} has no affine gain to shift");
        this.perElement = perElement;
        AddAdapterParameter(DeltaName, perElement ? zeros_like(gain) : zeros(1, device: gain.device), AdapterParameterKind.OneDimensionalShift);
    }

    /// <summary>The trainable shift(s) δ.</summary>
    public Parameter Delta => AdapterParameter(DeltaName);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var gain = ShiftedGain();
        var output = BaseModule switch
        {
            GroupNorm norm => nn.functional.group_norm(input, norm.num_groups, gain, norm.bias, norm.eps),
            LayerNorm norm => nn.functional.layer_norm(input, norm.normalized_shape, gain, norm.bias, norm.eps),
            _ => throw new InvalidOperationException("unreachable: checked in the constructor"),
        };
        return output.MoveToOuterDisposeScope();
    }

    public override nn.Module? Merge()
    {
        var gain = Gain()!;
        using (no_grad())
        {
            gain.copy_(ShiftedGain().to(gain.dtype));
        }

        return Base;
    }

    private Parameter? Gain() => BaseModule switch
    {
        GroupNorm norm => norm.weight,
        LayerNorm norm => norm.weight,
        _ => throw new ArgumentException($"SV-DIFF 1-D shifts wrap GroupNorm or LayerNorm, not {BaseModule.GetType().Name}"),
    };

    private Tensor ShiftedGain()
    {
        var gain = Gain()!;
        if (perElement)
        {
            return gain.Plus(Delta.to(gain.dtype));
        }

        var length = gain.to(float32).norm();
        var direction = gain.to(float32) / length.ClampedBelowAt(1e-12);
        return (nn.functional.relu(length.Plus(Delta)) * direction).to(gain.dtype);
    }
}

using MemControl.Models.Runtime;
using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.SvDiff;

/// <summary>
/// SV-DIFF on a Linear or Conv2d: the weight is rebuilt from its fixed SVD with shifted singular values,
/// W' = U·diag(ReLU(σ + δ))·Vᵀ (SV-DIFF Eq. 2), δ trainable and init 0 (docs/decisions.md §3).
/// Author variant: W' = W + U·diag(ReLU(σ + δ) − σ)·Vᵀ — algebraically U·diag(ReLU(σ+δ))·Vᵀ plus the SVD residual
/// W − UΣVᵀ, written so that at δ = 0 the added term is exactly 0 and the output is bit-identical to the base module.
/// </summary>
public sealed class SpectralShiftLayer : PeftLayer
{
    public const string DeltaName = "svdiff_delta";

    private readonly bool keepResidual;
    private SvdFactors svd;

    public SpectralShiftLayer(nn.Module<Tensor, Tensor> baseModule, SvdFactors svd, bool keepResidual)
        : base(nameof(SpectralShiftLayer), baseModule)
    {
        if (baseModule is Conv2d { padding: null } or Conv2d { padding_mode: not PaddingModes.Zeros })
        {
            throw new ArgumentException("SV-DIFF supports Conv2d with explicit zero padding only");
        }

        if (baseModule is not (Linear or Conv2d))
        {
            throw new ArgumentException($"SV-DIFF spectral shifts wrap Linear or Conv2d, not {baseModule.GetType().Name}");
        }

        this.svd = svd;
        this.keepResidual = keepResidual;
        AddAdapterParameter(DeltaName, zeros_like(svd.S), AdapterParameterKind.Main);
    }

    /// <summary>The trainable shifts δ of the singular values.</summary>
    public Parameter Delta => AdapterParameter(DeltaName);

    public override Tensor forward(Tensor input)
    {
        var (weight, bias) = BaseWeightAndBias();
        using var scope = NewDisposeScope();
        var shifted = ShiftedWeight(weight);
        var output = BaseModule switch
        {
            Conv2d conv => nn.functional.conv2d(input, shifted, bias, conv.stride, conv.padding, conv.dilation, conv.groups),
            _ => nn.functional.linear(input, shifted, bias),
        };
        return output.MoveToOuterDisposeScope();
    }

    public override nn.Module? Merge()
    {
        var (weight, _) = BaseWeightAndBias();
        using (no_grad())
        {
            weight.copy_(ShiftedWeight(weight).to(weight.dtype));
        }

        return Base;
    }

    protected override void OnMoved(Device? device)
    {
        if (device is not null)
        {
            svd = svd.To(device);
        }
    }

    private (Parameter Weight, Parameter? Bias) BaseWeightAndBias() => BaseModule switch
    {
        Conv2d conv => (conv.weight, conv.bias),
        Linear linear => (linear.weight, linear.bias),
        _ => throw new InvalidOperationException("unreachable: checked in the constructor"),
    };

    private Tensor ShiftedWeight(Tensor weight)
    {
        var delta = Delta;
        var shiftedValues = nn.functional.relu(svd.S.Plus(delta));
        // σ + δ in float32; the product in the factors' dtype (bf16 factors under mixed precision: a half-precision
        // matmul, as the frozen weights' own, docs/scale.md). The cast passes δ's gradient back in float32.
        var factorType = svd.U.dtype;
        // Shape: U (out, k) · diag(k) · Vh (k, in·kh·kw) → (out, in·kh·kw) → weight's shape.
        if (keepResidual)
        {
            var change = (svd.U * (shiftedValues - svd.S).to(factorType).unsqueeze(0)).matmul(svd.Vh);
            return weight.Plus(change.reshape(weight.shape).to(weight.dtype));
        }

        var rebuilt = (svd.U * shiftedValues.to(factorType).unsqueeze(0)).matmul(svd.Vh);
        return rebuilt.reshape(weight.shape).to(weight.dtype);
    }
}

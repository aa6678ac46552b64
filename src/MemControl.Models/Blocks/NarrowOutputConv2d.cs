using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Blocks;

/// <summary>
/// A square-kernel Conv2d (stride 1) for layers with few output channels — the UNet's and the VAE's <c>conv_out</c>
/// — that keeps gradients right on the CPU. Keys are a Conv2d's: <c>weight</c> (out, in, k, k) and <c>bias</c> (out).
/// </summary>
/// <remarks>
/// Why: with the libtorch 2.10 CPU build TorchSharp 0.107 ships, the gradient with respect to the input of a 3×3
/// float32 convolution with fewer than 16 output channels comes back wrong (≈40 % relative error, sometimes NaN),
/// while the forward pass and the weight gradient are right; 1×1 kernels and ≥ 16 output channels are unaffected
/// (measured against float64; the UNet parity test's gradients caught it through <c>conv_out</c>, 320 → 4 in SD-1.5).
/// So on the CPU this layer convolves with its weight padded by zero filters to 16 outputs and keeps the first
/// <c>out</c> channels: the same function, computed by the kernels that work. Elsewhere it is a plain convolution.
/// </remarks>
public sealed class NarrowOutputConv2d : nn.Module<Tensor, Tensor>
{
    private const long SafeOutputChannels = 16;

    // Parameter names are the checkpoint keys, as nn.Conv2d's.
    private readonly Parameter weight;
    private readonly Parameter bias;

    private readonly long _outChannels;
    private readonly long _padding;

    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="padding">Zero padding on every side.</param>
    public NarrowOutputConv2d(long inChannels, long outChannels, long kernelSize, long padding)
        : base(nameof(NarrowOutputConv2d))
    {
        _outChannels = outChannels;
        _padding = padding;
        // PyTorch's default Conv2d initialisation, taken from a Conv2d built and dropped.
        using var initial = nn.Conv2d(inChannels, outChannels, kernelSize, padding: padding);
        weight = new Parameter(initial.weight.detach().clone());
        bias = new Parameter(initial.bias!.detach().clone());
        RegisterComponents();
    }

    /// <summary>(B, in, H, W) → (B, out, H', W').</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.device_type != DeviceType.CPU || _outChannels >= SafeOutputChannels)
        {
            return nn.functional.conv2d(input, weight, bias, padding: [_padding, _padding]);
        }

        using var scope = NewDisposeScope();
        var extra = SafeOutputChannels - _outChannels;
        var paddedWeight = cat([weight, zeros([extra, .. weight.shape[1..]], weight.dtype, weight.device)], dim: 0);
        var paddedBias = cat([bias, zeros([extra], bias.dtype, bias.device)], dim: 0);
        var output = nn.functional.conv2d(input, paddedWeight, paddedBias, padding: [_padding, _padding]);
        return output.narrow(1, 0, _outChannels).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Blocks;

/// <summary>
/// diffusers' <c>Downsample2D</c> with a convolution: a 3×3 <c>conv</c> of stride 2 halves height and width.
/// With <c>padding</c> 0 (the VAE encoder) the input is first padded by one zero row and column at the bottom and
/// right only, as diffusers does, so even sizes halve exactly.
/// </summary>
public sealed class Downsample2D : nn.Module<Tensor, Tensor>
{
    // Field name is the checkpoint key (diffusers names it `conv` whatever the block calls it).
    private nn.Module<Tensor, Tensor> conv;

    private readonly long _padding;

    /// <param name="channels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="padding">Symmetric padding of the conv (1 in the UNet); 0 selects the VAE's asymmetric pad.</param>
    public Downsample2D(long channels, long outChannels, long padding)
        : base(nameof(Downsample2D))
    {
        _padding = padding;
        conv = nn.Conv2d(channels, outChannels, 3, stride: 2, padding: padding);
        RegisterComponents();
    }

    /// <summary>(B, C, H, W) → (B, out, ⌈H/2⌉, ⌈W/2⌉).</summary>
    public override Tensor forward(Tensor input)
    {
        if (_padding != 0)
        {
            return conv.call(input);
        }

        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(input, [0, 1, 0, 1], PaddingModes.Constant, 0.0); // (left, right, top, bottom)
        return conv.call(padded).MoveToOuterDisposeScope();
    }
}

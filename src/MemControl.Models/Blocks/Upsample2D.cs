using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Blocks;

/// <summary>
/// diffusers' <c>Upsample2D</c> with a convolution: nearest-neighbour upsampling (×2, or to an explicit size when the
/// skip connection it must meet has an odd size) followed by a 3×3 <c>conv</c>.
/// </summary>
public sealed class Upsample2D : nn.Module<Tensor, long[]?, Tensor>
{
    // Field name is the checkpoint key.
    private nn.Module<Tensor, Tensor> conv;

    /// <param name="channels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    public Upsample2D(long channels, long outChannels)
        : base(nameof(Upsample2D))
    {
        conv = nn.Conv2d(channels, outChannels, 3, stride: 1, padding: 1);
        RegisterComponents();
    }

    /// <summary>(B, C, H, W) → (B, out, 2H, 2W), or (B, out, outputSize[0], outputSize[1]) when a size is given.</summary>
    public override Tensor forward(Tensor input, long[]? outputSize)
    {
        using var scope = NewDisposeScope();
        var upsampled = outputSize is null
            ? nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest)
            : nn.functional.interpolate(input, size: outputSize, mode: InterpolationMode.Nearest);
        return conv.call(upsampled).MoveToOuterDisposeScope();
    }
}

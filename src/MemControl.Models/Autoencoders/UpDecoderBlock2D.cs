using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Autoencoders;

/// <summary>diffusers' <c>UpDecoderBlock2D</c>: resnets without time embedding, then an optional ×2 upsampler.</summary>
public sealed class UpDecoderBlock2D : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys.
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Upsample2D>? upsamplers;

    /// <param name="layers">Number of resnets (<c>layers_per_block</c> + 1 in the decoder).</param>
    /// <param name="inChannels">Channels coming in.</param>
    /// <param name="outChannels">Channels of every resnet output.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">GroupNorm epsilon.</param>
    /// <param name="addUpsample">Whether an upsampler follows (all but the last block).</param>
    public UpDecoderBlock2D(int layers, long inChannels, long outChannels, long groups, double eps, bool addUpsample)
        : base(nameof(UpDecoderBlock2D))
    {
        resnets = nn.ModuleList(Enumerable.Range(0, layers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, timeEmbeddingChannels: null, groups, eps))
            .ToArray());
        upsamplers = addUpsample ? nn.ModuleList(new Upsample2D(outChannels, outChannels)) : null;
        RegisterComponents();
    }

    /// <summary>(B, in, H, W) → (B, out, 2H, 2W), or (B, out, H, W) for the last block.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = input;
        foreach (var resnet in resnets)
        {
            hidden = resnet.call(hidden, null);
        }

        if (upsamplers is not null)
        {
            hidden = upsamplers[0].call(hidden, null);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}

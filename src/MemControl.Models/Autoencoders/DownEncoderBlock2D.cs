using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Autoencoders;

/// <summary>diffusers' <c>DownEncoderBlock2D</c>: resnets without time embedding, then an optional downsampler with the VAE's asymmetric padding.</summary>
public sealed class DownEncoderBlock2D : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys.
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Downsample2D>? downsamplers;

    /// <param name="layers">Number of resnets (<c>layers_per_block</c>).</param>
    /// <param name="inChannels">Channels coming in.</param>
    /// <param name="outChannels">Channels of every resnet output.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">GroupNorm epsilon.</param>
    /// <param name="addDownsample">Whether a downsampler follows (all but the last block).</param>
    public DownEncoderBlock2D(int layers, long inChannels, long outChannels, long groups, double eps, bool addDownsample)
        : base(nameof(DownEncoderBlock2D))
    {
        resnets = nn.ModuleList(Enumerable.Range(0, layers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, timeEmbeddingChannels: null, groups, eps))
            .ToArray());
        // diffusers builds the VAE's downsamplers with padding 0, i.e. the (0, 1, 0, 1) zero pad before the stride-2 conv.
        downsamplers = addDownsample ? nn.ModuleList(new Downsample2D(outChannels, outChannels, padding: 0)) : null;
        RegisterComponents();
    }

    /// <summary>(B, in, H, W) → (B, out, H/2, W/2), or (B, out, H, W) for the last block.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = input;
        foreach (var resnet in resnets)
        {
            hidden = resnet.call(hidden, null);
        }

        if (downsamplers is not null)
        {
            hidden = downsamplers[0].call(hidden);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}

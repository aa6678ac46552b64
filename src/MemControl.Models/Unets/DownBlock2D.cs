using MemControl.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>diffusers' <c>DownBlock2D</c>: resnets (+ downsampler), no attention. SD-1.x's deepest down block.</summary>
public sealed class DownBlock2D : UNetDownBlock
{
    /// <param name="layers">Number of resnets (<c>layers_per_block</c>).</param>
    /// <param name="inChannels">Channels coming in.</param>
    /// <param name="outChannels">Channels of every resnet output.</param>
    /// <param name="timeEmbeddingChannels">Width of the time embedding.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">GroupNorm epsilon.</param>
    /// <param name="dropout">Resnet dropout.</param>
    /// <param name="addDownsample">Whether a downsampler follows (all but the last block).</param>
    /// <param name="downsamplePadding">Padding of the downsampler's conv.</param>
    public DownBlock2D(int layers, long inChannels, long outChannels, long timeEmbeddingChannels, long groups, double eps,
        double dropout, bool addDownsample, long downsamplePadding)
        : base(
            nameof(DownBlock2D),
            nn.ModuleList(Enumerable.Range(0, layers)
                .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, timeEmbeddingChannels, groups, eps, dropout))
                .ToArray()),
            attentions: null,
            addDownsample ? new Downsample2D(outChannels, outChannels, downsamplePadding) : null)
    {
    }
}

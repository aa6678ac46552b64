using MemControl.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>diffusers' <c>UpBlock2D</c>: resnets over concatenated skip connections (+ upsampler), no attention.</summary>
public sealed class UpBlock2D : UNetUpBlock
{
    /// <param name="layers">Number of resnets (<c>layers_per_block</c> + 1).</param>
    /// <param name="inChannels">Channels of the matching down block's input: the width of the last skip connection.</param>
    /// <param name="previousOutChannels">Channels coming from the block below.</param>
    /// <param name="outChannels">Channels of every resnet output.</param>
    /// <param name="timeEmbeddingChannels">Width of the time embedding.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">GroupNorm epsilon.</param>
    /// <param name="dropout">Resnet dropout.</param>
    /// <param name="addUpsample">Whether an upsampler follows (all but the last block).</param>
    public UpBlock2D(int layers, long inChannels, long previousOutChannels, long outChannels, long timeEmbeddingChannels,
        long groups, double eps, double dropout, bool addUpsample)
        : base(
            nameof(UpBlock2D),
            UpBlockResnets.Build(layers, inChannels, previousOutChannels, outChannels, timeEmbeddingChannels, groups, eps, dropout),
            attentions: null,
            addUpsample ? new Upsample2D(outChannels, outChannels) : null)
    {
    }
}

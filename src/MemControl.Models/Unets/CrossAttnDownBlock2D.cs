using MemControl.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>diffusers' <c>CrossAttnDownBlock2D</c>: pairs of resnet + <see cref="Transformer2DModel"/> (+ downsampler).</summary>
public sealed class CrossAttnDownBlock2D : UNetDownBlock
{
    /// <param name="layers">Number of resnet + transformer pairs (<c>layers_per_block</c>).</param>
    /// <param name="inChannels">Channels coming in.</param>
    /// <param name="outChannels">Channels of every resnet output.</param>
    /// <param name="timeEmbeddingChannels">Width of the time embedding.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">Resnet GroupNorm epsilon.</param>
    /// <param name="dropout">Resnet dropout.</param>
    /// <param name="addDownsample">Whether a downsampler follows (all but the last block).</param>
    /// <param name="downsamplePadding">Padding of the downsampler's conv.</param>
    /// <param name="heads">Attention heads; each head is outChannels / heads wide.</param>
    /// <param name="transformerLayers">Transformer blocks inside each Transformer2DModel.</param>
    /// <param name="crossAttentionDim">Width of the text-encoder states.</param>
    /// <param name="useLinearProjection">Linear instead of 1×1 conv projections in the transformers.</param>
    public CrossAttnDownBlock2D(int layers, long inChannels, long outChannels, long timeEmbeddingChannels, long groups,
        double eps, double dropout, bool addDownsample, long downsamplePadding, long heads, int transformerLayers,
        long crossAttentionDim, bool useLinearProjection)
        : base(
            nameof(CrossAttnDownBlock2D),
            nn.ModuleList(Enumerable.Range(0, layers)
                .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, timeEmbeddingChannels, groups, eps, dropout))
                .ToArray()),
            nn.ModuleList(Enumerable.Range(0, layers)
                .Select(_ => new Transformer2DModel(heads, outChannels / heads, outChannels, transformerLayers, crossAttentionDim, groups, useLinearProjection))
                .ToArray()),
            addDownsample ? new Downsample2D(outChannels, outChannels, downsamplePadding) : null)
    {
    }
}

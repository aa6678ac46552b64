using MemControl.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>diffusers' <c>CrossAttnUpBlock2D</c>: resnet + <see cref="Transformer2DModel"/> pairs over concatenated skip connections (+ upsampler).</summary>
public sealed class CrossAttnUpBlock2D : UNetUpBlock
{
    /// <param name="layers">Number of resnet + transformer pairs (<c>layers_per_block</c> + 1).</param>
    /// <param name="inChannels">Channels of the matching down block's input: the width of the last skip connection.</param>
    /// <param name="previousOutChannels">Channels coming from the block below.</param>
    /// <param name="outChannels">Channels of every resnet output.</param>
    /// <param name="timeEmbeddingChannels">Width of the time embedding.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">Resnet GroupNorm epsilon.</param>
    /// <param name="dropout">Resnet dropout.</param>
    /// <param name="addUpsample">Whether an upsampler follows (all but the last block).</param>
    /// <param name="heads">Attention heads; each head is outChannels / heads wide.</param>
    /// <param name="transformerLayers">Transformer blocks inside each Transformer2DModel.</param>
    /// <param name="crossAttentionDim">Width of the text-encoder states.</param>
    /// <param name="useLinearProjection">Linear instead of 1×1 conv projections in the transformers.</param>
    public CrossAttnUpBlock2D(int layers, long inChannels, long previousOutChannels, long outChannels,
        long timeEmbeddingChannels, long groups, double eps, double dropout, bool addUpsample, long heads,
        int transformerLayers, long crossAttentionDim, bool useLinearProjection)
        : base(
            nameof(CrossAttnUpBlock2D),
            UpBlockResnets.Build(layers, inChannels, previousOutChannels, outChannels, timeEmbeddingChannels, groups, eps, dropout),
            nn.ModuleList(Enumerable.Range(0, layers)
                .Select(_ => new Transformer2DModel(heads, outChannels / heads, outChannels, transformerLayers, crossAttentionDim, groups, useLinearProjection))
                .ToArray()),
            addUpsample ? new Upsample2D(outChannels, outChannels) : null)
    {
    }
}

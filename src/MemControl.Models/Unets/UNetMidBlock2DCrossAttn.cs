using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// diffusers' <c>UNetMidBlock2DCrossAttn</c>: resnets.0, then for each layer attentions.i and resnets.i+1, at the
/// UNet's lowest resolution.
/// </summary>
public sealed class UNetMidBlock2DCrossAttn : nn.Module<Tensor, Tensor, Tensor?, Tensor>
{
    // Field names are the checkpoint keys.
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Transformer2DModel> attentions;

    /// <param name="channels">Channels in and out.</param>
    /// <param name="timeEmbeddingChannels">Width of the time embedding.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">Resnet GroupNorm epsilon.</param>
    /// <param name="dropout">Resnet dropout.</param>
    /// <param name="outputScaleFactor">The resnets' <c>output_scale_factor</c> (the UNet's <c>mid_block_scale_factor</c>).</param>
    /// <param name="heads">Attention heads; each head is channels / heads wide.</param>
    /// <param name="transformerLayers">Transformer blocks inside each Transformer2DModel.</param>
    /// <param name="crossAttentionDim">Width of the text-encoder states.</param>
    /// <param name="useLinearProjection">Linear instead of 1×1 conv projections in the transformers.</param>
    /// <param name="layers">Number of attention + resnet pairs after the first resnet (1 in SD).</param>
    public UNetMidBlock2DCrossAttn(long channels, long timeEmbeddingChannels, long groups, double eps, double dropout,
        double outputScaleFactor, long heads, int transformerLayers, long crossAttentionDim, bool useLinearProjection,
        int layers = 1)
        : base(nameof(UNetMidBlock2DCrossAttn))
    {
        resnets = nn.ModuleList(Enumerable.Range(0, layers + 1)
            .Select(_ => new ResnetBlock2D(channels, channels, timeEmbeddingChannels, groups, eps, dropout, outputScaleFactor))
            .ToArray());
        attentions = nn.ModuleList(Enumerable.Range(0, layers)
            .Select(_ => new Transformer2DModel(heads, channels / heads, channels, transformerLayers, crossAttentionDim, groups, useLinearProjection))
            .ToArray());
        RegisterComponents();
    }

    /// <summary>Feature map (B, C, H, W), time embedding (B, T), text states (B, S, cross) → feature map (B, C, H, W).</summary>
    public override Tensor forward(Tensor input, Tensor timeEmbedding, Tensor? encoderHiddenStates)
    {
        var hidden = resnets[0].call(input, timeEmbedding);
        for (var i = 0; i < attentions.Count; i++)
        {
            hidden = attentions[i].call(hidden, encoderHiddenStates);
            hidden = resnets[i + 1].call(hidden, timeEmbedding);
        }

        return hidden;
    }
}

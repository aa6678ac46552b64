using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Autoencoders;

/// <summary>
/// diffusers' <c>UNetMidBlock2D</c> as the VAE uses it (no time embedding): resnets.0, then attentions.0 (single-head
/// self-attention over pixels with its own <c>group_norm</c> and a residual) and resnets.1.
/// </summary>
public sealed class UNetMidBlock2D : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys.
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Attention>? attentions;

    /// <param name="channels">Channels in and out.</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">GroupNorm epsilon (1e-6 in the VAE).</param>
    /// <param name="addAttention">Whether the attention is present (<c>mid_block_add_attention</c>).</param>
    public UNetMidBlock2D(long channels, long groups, double eps, bool addAttention)
        : base(nameof(UNetMidBlock2D))
    {
        resnets = nn.ModuleList(
            new ResnetBlock2D(channels, channels, timeEmbeddingChannels: null, groups, eps),
            new ResnetBlock2D(channels, channels, timeEmbeddingChannels: null, groups, eps));
        // diffusers passes attention_head_dim = channels here, so there is one head as wide as the feature map.
        attentions = addAttention
            ? nn.ModuleList(new Attention(channels, heads: 1, headDim: channels, qkvBias: true, groupNormGroups: groups,
                groupNormEps: eps, residualConnection: true))
            : null;
        RegisterComponents();
    }

    /// <summary>(B, C, H, W) → (B, C, H, W).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = resnets[0].call(input, null);
        if (attentions is not null)
        {
            hidden = attentions[0].call(hidden, null);
        }

        return resnets[1].call(hidden, null).MoveToOuterDisposeScope();
    }
}

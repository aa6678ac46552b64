using MemControl.Models.Blocks;
using MemControl.Models.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// diffusers' <c>Transformer2DModel</c> on continuous inputs: GroupNorm <c>norm</c>, <c>proj_in</c> into tokens,
/// <c>transformer_blocks</c>, <c>proj_out</c> back to a feature map, plus the input (residual). The projections are
/// 1×1 convolutions in SD-1.x and Linear layers with <c>use_linear_projection</c> (SD-2).
/// One of these per <c>...attentions.N</c> in the UNet: the unit a MemControl mask switches.
/// </summary>
/// <remarks>Layer fields are interface-typed and not readonly so PEFT can replace them by reflection.</remarks>
public sealed class Transformer2DModel : nn.Module<Tensor, Tensor?, Tensor>
{
    // Field names are the checkpoint keys.
    private nn.Module<Tensor, Tensor> norm;
    private nn.Module<Tensor, Tensor> proj_in;
    private readonly ModuleList<BasicTransformerBlock> transformer_blocks;
    private nn.Module<Tensor, Tensor> proj_out;

    private readonly bool _useLinearProjection;

    /// <param name="heads">Attention heads.</param>
    /// <param name="headDim">Width of one head; the token width is heads × headDim.</param>
    /// <param name="inChannels">Channels of the feature map.</param>
    /// <param name="layers">Number of transformer blocks.</param>
    /// <param name="crossAttentionDim">Width of the text-encoder states.</param>
    /// <param name="normGroups">GroupNorm groups.</param>
    /// <param name="useLinearProjection">Linear instead of 1×1 conv projections.</param>
    public Transformer2DModel(
        long heads,
        long headDim,
        long inChannels,
        int layers,
        long crossAttentionDim,
        long normGroups,
        bool useLinearProjection)
        : base(nameof(Transformer2DModel))
    {
        var innerDim = heads * headDim;
        _useLinearProjection = useLinearProjection;
        // diffusers fixes this GroupNorm's epsilon at 1e-6 whatever the UNet's norm_eps.
        norm = GroupNorms.Create(normGroups, inChannels, eps: 1e-6);
        proj_in = useLinearProjection ? nn.Linear(inChannels, innerDim) : nn.Conv2d(inChannels, innerDim, 1);
        transformer_blocks = nn.ModuleList(Enumerable.Range(0, layers)
            .Select(_ => new BasicTransformerBlock(innerDim, heads, headDim, crossAttentionDim))
            .ToArray());
        proj_out = useLinearProjection ? nn.Linear(innerDim, inChannels) : nn.Conv2d(innerDim, inChannels, 1);
        RegisterComponents();
    }

    /// <summary>Feature map (B, C, H, W) and text states (B, S, cross) → feature map (B, C, H, W).</summary>
    public override Tensor forward(Tensor input, Tensor? encoderHiddenStates)
    {
        using var scope = NewDisposeScope();
        var (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        // contiguous(): libtorch 2.10's GroupNorm backward segfaults on a channels-last input that needs no gradient
        // while the norm's weight does (attention tuning's first trainable layer); a no-op for contiguous inputs.
        var hidden = norm.call(input.contiguous());

        // Feature map → tokens (B, HW, inner): project before flattening with a conv, after it with a Linear.
        if (_useLinearProjection)
        {
            hidden = proj_in.call(hidden.permute(0, 2, 3, 1).reshape(batch, height * width, -1));
        }
        else
        {
            hidden = proj_in.call(hidden);
            hidden = hidden.permute(0, 2, 3, 1).reshape(batch, height * width, hidden.shape[1]);
        }

        foreach (var block in transformer_blocks)
        {
            hidden = block.call(hidden, encoderHiddenStates);
        }

        // Tokens → feature map (B, C, H, W), the reverse order.
        if (_useLinearProjection)
        {
            hidden = proj_out.call(hidden);
            hidden = hidden.reshape(batch, height, width, -1).permute(0, 3, 1, 2).contiguous();
        }
        else
        {
            hidden = hidden.reshape(batch, height, width, -1).permute(0, 3, 1, 2).contiguous();
            hidden = proj_out.call(hidden);
        }

        return hidden.Plus(input).MoveToOuterDisposeScope();
    }
}

using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// What an up block of the UNet does, shared by <see cref="UpBlock2D"/> and <see cref="CrossAttnUpBlock2D"/> (which
/// differ only in having <c>attentions</c>): for each layer i, concatenate the latest unused skip connection on the
/// channel axis, resnets.i, then attentions.i; then the optional upsampler (to an explicit size when the matching down
/// path had an odd size).
/// </summary>
public abstract class UNetUpBlock : nn.Module<Tensor, Tensor[], Tensor, Tensor?, long[]?, Tensor>
{
    // Field names are the checkpoint keys.
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Transformer2DModel>? attentions;
    private readonly ModuleList<Upsample2D>? upsamplers;

    /// <summary>Registers the block's parts under their diffusers names.</summary>
    protected UNetUpBlock(
        string name,
        ModuleList<ResnetBlock2D> resnets,
        ModuleList<Transformer2DModel>? attentions,
        Upsample2D? upsampler)
        : base(name)
    {
        this.resnets = resnets;
        this.attentions = attentions;
        upsamplers = upsampler is null ? null : nn.ModuleList(upsampler);
        RegisterComponents();
    }

    /// <summary>How many skip connections the block consumes: one per resnet.</summary>
    public int SkipCount => resnets.Count;

    /// <summary>Whether the block ends with an upsampler.</summary>
    public bool Upsamples => upsamplers is not null;

    /// <summary>
    /// Feature map (B, C, H, W), this block's skip connections in the order the down path made them (the last is used
    /// first), time embedding (B, T), text states (B, S, cross) and, optionally, the size to upsample to.
    /// </summary>
    public override Tensor forward(Tensor input, Tensor[] skips, Tensor timeEmbedding, Tensor? encoderHiddenStates, long[]? upsampleSize)
    {
        if (skips.Length != resnets.Count)
        {
            throw new ArgumentException($"this block needs {resnets.Count} skip connections, not {skips.Length}", nameof(skips));
        }

        var hidden = input;
        for (var i = 0; i < resnets.Count; i++)
        {
            var skip = skips[skips.Length - 1 - i];
            hidden = resnets[i].call(cat([hidden, skip], dim: 1), timeEmbedding);
            if (attentions is not null)
            {
                hidden = attentions[i].call(hidden, encoderHiddenStates);
            }
        }

        return upsamplers is null ? hidden : upsamplers[0].call(hidden, upsampleSize);
    }
}

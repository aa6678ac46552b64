using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// What a down block of the UNet does, shared by <see cref="DownBlock2D"/> and <see cref="CrossAttnDownBlock2D"/>
/// (which differ only in having <c>attentions</c>): for each layer i, resnets.i then attentions.i, keeping every
/// output as a skip connection; then the optional downsampler, whose output is a skip connection too.
/// </summary>
public abstract class UNetDownBlock : nn.Module<Tensor, Tensor, Tensor?, (Tensor Hidden, Tensor[] Skips)>
{
    // Field names are the checkpoint keys.
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Transformer2DModel>? attentions;
    private readonly ModuleList<Downsample2D>? downsamplers;

    /// <summary>Registers the block's parts under their diffusers names.</summary>
    protected UNetDownBlock(
        string name,
        ModuleList<ResnetBlock2D> resnets,
        ModuleList<Transformer2DModel>? attentions,
        Downsample2D? downsampler)
        : base(name)
    {
        this.resnets = resnets;
        this.attentions = attentions;
        downsamplers = downsampler is null ? null : nn.ModuleList(downsampler);
        RegisterComponents();
    }

    /// <summary>
    /// Feature map (B, C, H, W), time embedding (B, T) and text states (B, S, cross) → the block's output and its skip
    /// connections in the order they were made.
    /// </summary>
    public override (Tensor Hidden, Tensor[] Skips) forward(Tensor input, Tensor timeEmbedding, Tensor? encoderHiddenStates)
    {
        var skips = new List<Tensor>();
        var hidden = input;
        for (var i = 0; i < resnets.Count; i++)
        {
            hidden = resnets[i].call(hidden, timeEmbedding);
            if (attentions is not null)
            {
                hidden = attentions[i].call(hidden, encoderHiddenStates);
            }

            skips.Add(hidden);
        }

        if (downsamplers is not null)
        {
            hidden = downsamplers[0].call(hidden);
            skips.Add(hidden);
        }

        return (hidden, skips.ToArray());
    }
}

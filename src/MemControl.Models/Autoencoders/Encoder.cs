using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Autoencoders;

/// <summary>
/// The VAE encoder (diffusers' <c>Encoder</c>, <c>double_z</c>): <c>conv_in</c>, <c>down_blocks</c>, <c>mid_block</c>,
/// GroupNorm + SiLU, and <c>conv_out</c> to 2 × latent channels (mean and log-variance).
/// </summary>
public sealed class Encoder : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys; layer fields interface-typed and not readonly so PEFT could wrap them.
    private nn.Module<Tensor, Tensor> conv_in;
    private readonly ModuleList<DownEncoderBlock2D> down_blocks;
    private readonly UNetMidBlock2D mid_block;
    private nn.Module<Tensor, Tensor> conv_norm_out;
    private readonly nn.Module<Tensor, Tensor> conv_act;
    private nn.Module<Tensor, Tensor> conv_out;

    /// <summary>Builds the encoder of <paramref name="config"/>.</summary>
    public Encoder(AutoencoderKLConfig config)
        : base(nameof(Encoder))
    {
        var channels = config.BlockOutChannels;
        const double eps = 1e-6; // diffusers builds every VAE GroupNorm with epsilon 1e-6
        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, stride: 1, padding: 1);
        down_blocks = nn.ModuleList(Enumerable.Range(0, channels.Count)
            .Select(i => new DownEncoderBlock2D(config.LayersPerBlock, channels[Math.Max(i - 1, 0)], channels[i],
                config.NormNumGroups, eps, addDownsample: i < channels.Count - 1))
            .ToArray());
        mid_block = new UNetMidBlock2D(channels[^1], config.NormNumGroups, eps, config.MidBlockAddAttention);
        conv_norm_out = GroupNorms.Create(config.NormNumGroups, channels[^1], eps);
        conv_act = nn.SiLU();
        conv_out = nn.Conv2d(channels[^1], 2 * config.LatentChannels, 3, stride: 1, padding: 1);
        RegisterComponents();
    }

    /// <summary>Image (B, in, H, W) → moments (B, 2·latent, H/f, W/f), f = 2^(blocks − 1).</summary>
    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var hidden = conv_in.call(image);
        foreach (var block in down_blocks)
        {
            hidden = block.call(hidden);
        }

        hidden = mid_block.call(hidden);
        hidden = conv_out.call(conv_act.call(conv_norm_out.call(hidden)));
        return hidden.MoveToOuterDisposeScope();
    }
}

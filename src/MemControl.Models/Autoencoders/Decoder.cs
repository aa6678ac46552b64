using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Autoencoders;

/// <summary>
/// The VAE decoder (diffusers' <c>Decoder</c>): <c>conv_in</c>, <c>mid_block</c>, <c>up_blocks</c> (widths reversed,
/// <c>layers_per_block</c> + 1 resnets each), GroupNorm + SiLU and <c>conv_out</c> to image channels.
/// </summary>
public sealed class Decoder : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys; layer fields interface-typed and not readonly so PEFT could wrap them.
    private nn.Module<Tensor, Tensor> conv_in;
    private readonly UNetMidBlock2D mid_block;
    private readonly ModuleList<UpDecoderBlock2D> up_blocks;
    private nn.Module<Tensor, Tensor> conv_norm_out;
    private readonly nn.Module<Tensor, Tensor> conv_act;
    private nn.Module<Tensor, Tensor> conv_out;

    /// <summary>Builds the decoder of <paramref name="config"/>.</summary>
    public Decoder(AutoencoderKLConfig config)
        : base(nameof(Decoder))
    {
        var reversed = config.BlockOutChannels.Reverse().ToArray();
        const double eps = 1e-6; // diffusers builds every VAE GroupNorm with epsilon 1e-6
        conv_in = nn.Conv2d(config.LatentChannels, reversed[0], 3, stride: 1, padding: 1);
        mid_block = new UNetMidBlock2D(reversed[0], config.NormNumGroups, eps, config.MidBlockAddAttention);
        up_blocks = nn.ModuleList(Enumerable.Range(0, reversed.Length)
            .Select(i => new UpDecoderBlock2D(config.LayersPerBlock + 1, reversed[Math.Max(i - 1, 0)], reversed[i],
                config.NormNumGroups, eps, addUpsample: i < reversed.Length - 1))
            .ToArray());
        conv_norm_out = GroupNorms.Create(config.NormNumGroups, reversed[^1], eps);
        conv_act = nn.SiLU();
        conv_out = nn.Conv2d(reversed[^1], config.OutChannels, 3, stride: 1, padding: 1);
        RegisterComponents();
    }

    /// <summary>Latent (B, latent, h, w) → image (B, out, h·f, w·f), f = 2^(blocks − 1).</summary>
    public override Tensor forward(Tensor latent)
    {
        using var scope = NewDisposeScope();
        var hidden = conv_in.call(latent);
        hidden = mid_block.call(hidden);
        foreach (var block in up_blocks)
        {
            hidden = block.call(hidden);
        }

        hidden = conv_out.call(conv_act.call(conv_norm_out.call(hidden)));
        return hidden.MoveToOuterDisposeScope();
    }
}

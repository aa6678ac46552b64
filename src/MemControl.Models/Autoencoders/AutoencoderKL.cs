using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Autoencoders;

/// <summary>
/// The KL-regularised VAE of latent diffusion (diffusers' <c>AutoencoderKL</c>): <see cref="Encode"/> gives the
/// posterior over latents, <see cref="Decode"/> maps a latent back to an image. Latents enter the UNet multiplied by
/// <see cref="ScalingFactor"/>. Field names are the checkpoint keys (<c>encoder.*</c>, <c>quant_conv</c>,
/// <c>post_quant_conv</c>, <c>decoder.*</c>).
/// </summary>
public sealed class AutoencoderKL : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys; conv fields interface-typed and not readonly so PEFT could wrap them.
    private readonly Encoder encoder;
    private readonly Decoder decoder;
    private nn.Module<Tensor, Tensor>? quant_conv;
    private nn.Module<Tensor, Tensor>? post_quant_conv;

    /// <summary>Builds the VAE with freshly initialised weights.</summary>
    public AutoencoderKL(AutoencoderKLConfig config)
        : base(nameof(AutoencoderKL))
    {
        Config = config;
        var latent = config.LatentChannels;
        encoder = new Encoder(config);
        decoder = new Decoder(config);
        quant_conv = config.UseQuantConv ? nn.Conv2d(2 * latent, 2 * latent, 1) : null;
        post_quant_conv = config.UsePostQuantConv ? nn.Conv2d(latent, latent, 1) : null;
        RegisterComponents();
    }

    /// <summary>The configuration the model was built from.</summary>
    public AutoencoderKLConfig Config { get; }

    /// <summary>The factor latents are multiplied by for the UNet (<c>scaling_factor</c>, 0.18215 in SD-1.x).</summary>
    public double ScalingFactor => Config.ScalingFactor;

    /// <summary>Image (B, in, H, W) in [−1, 1] → posterior over latents (B, latent, H/f, W/f).</summary>
    public DiagonalGaussianDistribution Encode(Tensor image)
    {
        using var scope = NewDisposeScope();
        var moments = encoder.call(image);
        if (quant_conv is not null)
        {
            moments = quant_conv.call(moments);
        }

        var posterior = new DiagonalGaussianDistribution(moments);
        posterior.Mean.MoveToOuterDisposeScope();
        posterior.LogVariance.MoveToOuterDisposeScope();
        posterior.Std.MoveToOuterDisposeScope();
        return posterior;
    }

    /// <summary>Latent (B, latent, h, w), unscaled → image (B, out, h·f, w·f), roughly in [−1, 1].</summary>
    public Tensor Decode(Tensor latent)
    {
        using var scope = NewDisposeScope();
        var hidden = post_quant_conv is null ? latent : post_quant_conv.call(latent);
        return decoder.call(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>Reconstruction through the posterior's mode, as diffusers' <c>forward(sample_posterior=False)</c>.</summary>
    public override Tensor forward(Tensor image)
    {
        using var posterior = Encode(image);
        return Decode(posterior.Mean);
    }
}

using MemControl.Models.Runtime;
using static TorchSharp.torch;

namespace MemControl.Models.Autoencoders;

/// <summary>
/// The VAE posterior q(z|x) = N(mean, diag(exp(logvar))) (Kingma &amp; Welling 2014), from the encoder's moments split
/// on the channel axis, as diffusers' <c>DiagonalGaussianDistribution</c>: log-variance clamped to [−30, 20].
/// Owns its tensors; dispose it when done.
/// </summary>
public sealed class DiagonalGaussianDistribution : IDisposable
{
    /// <summary>Splits moments (B, 2·latent, h, w) into mean and log-variance.</summary>
    public DiagonalGaussianDistribution(Tensor moments)
    {
        var halves = moments.chunk(2, dim: 1);
        Mean = halves[0];
        using var rawLogVariance = halves[1];
        LogVariance = rawLogVariance.ClampedTo(-30.0, 20.0);
        Std = LogVariance.Times(0.5).exp();
    }

    /// <summary>The mean (B, latent, h, w).</summary>
    public Tensor Mean { get; }

    /// <summary>The log-variance, clamped to [−30, 20].</summary>
    public Tensor LogVariance { get; }

    /// <summary>The standard deviation exp(logvar / 2).</summary>
    public Tensor Std { get; }

    /// <summary>A draw mean + std · ε with ε ~ N(0, I) from <paramref name="generator"/> (or the global one).</summary>
    public Tensor Sample(Generator? generator = null)
    {
        using var noise = randn(Mean.shape, dtype: Mean.dtype, device: Mean.device, generator: generator);
        return Mean.Plus(Std * noise);
    }

    /// <summary>The most likely latent: the mean (a new handle; the caller owns it).</summary>
    public Tensor Mode() => Mean.alias();

    /// <inheritdoc />
    public void Dispose()
    {
        Mean.Dispose();
        LogVariance.Dispose();
        Std.Dispose();
    }
}

using MemControl.Models.Autoencoders;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Autoencoders;

public sealed class AutoencoderKLTests
{
    private static readonly AutoencoderKLConfig Tiny = new() { BlockOutChannels = [32, 64], LayersPerBlock = 1 };

    [Fact]
    public void Encode_halves_the_size_per_downsampling_block_and_decode_restores_it()
    {
        // Given
        manual_seed(0);
        using var vae = new AutoencoderKL(Tiny);
        using var image = rand(1, 3, 16, 16) * 2 - 1;
        using var noGrad = no_grad();

        // When
        using var posterior = vae.Encode(image);
        using var decoded = vae.Decode(posterior.Mean);

        // Then
        Assert.Equal([1L, 4, 8, 8], posterior.Mean.shape);
        Assert.Equal([1L, 3, 16, 16], decoded.shape);
        Assert.Equal(0.18215, vae.ScalingFactor);
    }

    [Fact]
    public void Posterior_clamps_the_log_variance_and_samples_reproducibly_with_a_generator()
    {
        // Given: moments whose log-variance is far outside [−30, 20]
        using var moments = cat([zeros(1, 4, 2, 2), full(1, 4, 2, 2, 100.0f)], dim: 1);
        using var posterior = new DiagonalGaussianDistribution(moments);

        // When
        using var first = posterior.Sample(new Generator(7));
        using var second = posterior.Sample(new Generator(7));

        // Then
        Assert.Equal(20.0, posterior.LogVariance.max().item<float>());
        Assert.Equal(Math.Exp(10.0), posterior.Std.max().item<float>(), Math.Exp(10.0) * 1e-6);
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(first, second), 0.0, 0.0);
    }

    [Fact]
    public void Config_rejects_an_unsupported_block_type_naming_the_key()
    {
        // When
        var error = Assert.Throws<InvalidDataException>(() => AutoencoderKLConfig.FromJson(
            """{"block_out_channels": [32], "down_block_types": ["AttnDownEncoderBlock2D"], "up_block_types": ["UpDecoderBlock2D"]}""",
            "vae/config.json"));

        // Then
        Assert.Contains("vae/config.json", error.Message);
        Assert.Contains("'down_block_types'", error.Message);
    }
}

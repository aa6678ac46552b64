using MemControl.Models.Autoencoders;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Autoencoders;

/// <summary>The VAE against diffusers' own outputs for the parity fixture's config and weights (any folder of that shape).</summary>
[Trait("Category", "Parity")]
public sealed class AutoencoderKLParityTests
{
    [Fact]
    public void State_dict_keys_and_shapes_equal_the_checkpoint_file_both_ways()
    {
        // Given
        var vaeDir = TestPaths.RequireParityPath("vae");
        using var model = new AutoencoderKL(AutoencoderKLConfig.FromFile(Path.Combine(vaeDir, "config.json")));
        var checkpoint = DiffusersParityWeights.ReadTensors(DiffusersParityWeights.WeightsFile(vaeDir));

        // When
        var modelShapes = model.state_dict().ToDictionary(entry => entry.Key, entry => string.Join("x", entry.Value.shape));
        var fileShapes = checkpoint.ToDictionary(entry => entry.Key, entry => string.Join("x", entry.Value.shape));

        // Then
        Assert.Empty(fileShapes.Keys.Except(modelShapes.Keys).Order());
        Assert.Empty(modelShapes.Keys.Except(fileShapes.Keys).Order());
        Assert.All(fileShapes, entry => Assert.Equal(entry.Value, modelShapes[entry.Key]));
        foreach (var tensor in checkpoint.Values)
        {
            tensor.Dispose();
        }
    }

    [Fact]
    public void Encode_and_decode_match_diffusers()
    {
        // Given
        var vaeDir = TestPaths.RequireParityPath("vae");
        var reference = DiffusersParityWeights.ReadTensors(TestPaths.RequireParityPath("vae_io.safetensors"));
        using var model = new AutoencoderKL(AutoencoderKLConfig.FromFile(Path.Combine(vaeDir, "config.json")));
        DiffusersParityWeights.LoadStrict(model, DiffusersParityWeights.WeightsFile(vaeDir));
        model.eval();
        using var noGrad = no_grad();

        // When
        using var posterior = model.Encode(reference["image"]);
        using var decoded = model.Decode(posterior.Mean);

        // Then
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(posterior.Mean, reference["latent_mean"]), 0.0, 1e-4);
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(posterior.Std, reference["latent_std"]), 0.0, 1e-4);
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(decoded, reference["decoded_from_mean"]), 0.0, 1e-4);
    }
}

using MemControl.Models.Unets;
using MemControl.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Unets;

/// <summary>
/// The UNet against diffusers' own outputs for the parity fixture's config and weights (any folder of that shape):
/// keys, forward output and gradients of mean(out²).
/// </summary>
[Trait("Category", "Parity")]
public sealed class UNet2DConditionModelParityTests
{
    [Fact]
    public void State_dict_keys_and_shapes_equal_the_checkpoint_file_both_ways()
    {
        // Given
        var unetDir = TestPaths.RequireParityPath("unet");
        using var model = new UNet2DConditionModel(UNet2DConditionConfig.FromFile(Path.Combine(unetDir, "config.json")));
        var checkpoint = DiffusersParityWeights.ReadTensors(DiffusersParityWeights.WeightsFile(unetDir));

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
    public void Forward_and_gradients_match_diffusers()
    {
        // Given
        var unetDir = TestPaths.RequireParityPath("unet");
        var reference = DiffusersParityWeights.ReadTensors(TestPaths.RequireParityPath("unet_io.safetensors"));
        using var model = new UNet2DConditionModel(UNet2DConditionConfig.FromFile(Path.Combine(unetDir, "config.json")));
        DiffusersParityWeights.LoadStrict(model, DiffusersParityWeights.WeightsFile(unetDir));
        model.eval();

        // When
        using var scope = NewDisposeScope();
        var output = model.call(reference["sample"], reference["timestep"], reference["encoder_hidden_states"]);
        var loss = output.pow(2).mean();
        loss.backward();

        // Then
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(output, reference["out"]), 0.0, 1e-4);
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(loss.reshape(1), reference["loss"]), 0.0, 1e-4);
        var parameters = model.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter);
        var gradientKeys = reference.Keys.Where(key => key.StartsWith("grad.", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(gradientKeys);
        var failures = new List<string>();
        foreach (var key in gradientKeys)
        {
            var gradient = parameters[key["grad.".Length..]].grad;
            Assert.NotNull(gradient);
            var relative = DiffusersParityWeights.MaxRelativeDifference(gradient, reference[key]);
            if (!(relative <= ToleranceFor(key)))
            {
                failures.Add($"{key}: max difference {relative:G3} relative to max |reference|");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// 1e-4 relative (the fixture's figure) where the gradient flows back from the output without crossing the UNet's
    /// deepest level. The fixture's 8×8 latent reaches 1×1 there, where every GroupNorm group holds two values, and the
    /// backward pass through such groups amplifies float32 rounding: measured, the down path, mid block and time
    /// embedding differ from the reference by 1–5e-3 in float32 and by 0.4–1.6e-3 when this model runs in float64,
    /// while the up path agrees to 4e-5 (float32) and 2e-5 (float64). So those get 1e-2.
    /// </summary>
    private static double ToleranceFor(string gradientKey) =>
        gradientKey.StartsWith("grad.down_blocks.", StringComparison.Ordinal)
        || gradientKey.StartsWith("grad.mid_block.", StringComparison.Ordinal)
        || gradientKey.StartsWith("grad.time_embedding.", StringComparison.Ordinal)
        || gradientKey.StartsWith("grad.conv_in.", StringComparison.Ordinal)
            ? 1e-2
            : 1e-4;
}

using MemControl.Tests.Support;
using TorchSharp;
using MemControl.Models.Loading;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.TextEncoders;

/// <summary>The text encoder against transformers 5.17's CLIPTextModel on the parity fixture (float32, CPU).</summary>
[Trait("Category", "Parity")]
public sealed class ClipTextModelParityTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("last_hidden_state")]
    [InlineData("pooler_output")]
    [InlineData("hidden_states_penultimate")]
    public void Output_matches_transformers_within_1e_4(string fixtureKey)
    {
        // Given
        var folder = TestPaths.RequireParityPath("text_encoder");
        var reference = SafetensorsFile.ReadAll(TestPaths.RequireParityPath("text_encoder_io.safetensors"));
        using var model = TextEncoderWeights.LoadFolder(folder);

        // When
        using var noGrad = torch.no_grad();
        using var output = model.call(reference["input_ids"]);
        var actual = fixtureKey switch
        {
            "last_hidden_state" => output.LastHiddenState,
            "pooler_output" => output.PoolerOutput,
            _ => output.PenultimateHiddenState,
        };

        // Then
        var expected = reference[fixtureKey];
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= Tolerance, $"{fixtureKey}: max abs difference {difference:E3} > {Tolerance:E0}");
    }
}

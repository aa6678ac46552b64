using MemControl.Peft;
using MemControl.Peft.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft;

[Collection(PeftCollection.Name)]
public sealed class AdapterLayerTests
{
    [Theory]
    [InlineData("svdiff")]
    [InlineData("lora")]
    [InlineData("difffit")]
    public void Converting_the_model_after_attaching_converts_the_base_weights_and_keeps_the_method_tensors_float32(string method)
    {
        // Given
        var model = PeftFixture.Model();
        var keys = model.named_parameters().Select(entry => entry.name).ToList();
        var adapters = AdapterSet.Attach(model, PeftFixture.Config(method), new PeftContext(PeftFixture.Identity));
        var attachedKeys = model.named_parameters().Select(entry => entry.name).ToList();
        var hooked = PeftFixture.Output(model);

        // When
        model.to(float32);
        var (sample, timestep, context) = PeftFixture.Inputs();
        Tensor converted;
        using (no_grad())
        {
            converted = model.call(sample.to(float32), timestep, context.to(float32));
        }

        // Then
        Assert.Equal(attachedKeys, model.named_parameters().Select(entry => entry.name).ToList());
        Assert.All(keys, key => Assert.Equal(ScalarType.Float32, model.named_parameters().First(entry => entry.name == key).parameter.dtype));
        Assert.All(adapters.Layers.Values.SelectMany(layer => layer.AdapterParameterKinds.Keys.Select(layer.AdapterParameter)),
            parameter => Assert.Equal(ScalarType.Float32, parameter.dtype));
        Assert.InRange(PeftFixture.MaxDifference(hooked, converted.to(float64)), 0, 1e-4);
    }

    [Fact]
    public void A_target_list_that_matches_nothing_names_the_patterns()
    {
        // Given
        var matcher = new TargetModuleMatcher(["to_query"]);

        // When
        var error = Assert.Throws<ArgumentException>(() => matcher.Select(["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q"]));

        // Then
        Assert.Contains("to_query", error.Message);
    }

    [Fact]
    public void A_target_name_matches_exactly_or_as_a_dotted_suffix_only()
    {
        // Given
        var matcher = new TargetModuleMatcher(["to_out.0"]);

        // Then
        Assert.True(matcher.Matches("mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0"));
        Assert.True(matcher.Matches("to_out.0"));
        Assert.False(matcher.Matches("mid_block.attentions.0.transformer_blocks.0.attn2.xto_out.0"));
    }
}

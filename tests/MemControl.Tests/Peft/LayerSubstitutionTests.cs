using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.Tree;
using MemControl.Tests.Peft.Fakes;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft;

/// <summary>How a PEFT layer takes a module's place (ModuleTree.Substitute) and follows the model's moves, for both arities.</summary>
[Collection(PeftCollection.Name)]
public sealed class LayerSubstitutionTests
{
    private const string Attention = "down_blocks.0.attentions.0.transformer_blocks.0.attn2";

    [Theory]
    [InlineData("svdiff")]
    [InlineData("lora")]
    [InlineData("difffit")]
    public void Attaching_keeps_every_base_key_at_its_place_in_the_parameter_order(string method)
    {
        // Given
        var model = PeftFixture.Model();
        var before = model.named_parameters().Select(entry => entry.name).ToList();

        // When
        var adapters = AdapterSet.Attach(model, PeftFixture.Config(method), new PeftContext(PeftFixture.Identity));
        var adapterKeys = adapters.Layers
            .SelectMany(layer => layer.Value.AdapterParameterKinds.Keys.Select(name => ModuleTree.Join(layer.Key, name)))
            .ToHashSet();

        // Then
        Assert.NotEmpty(adapterKeys);
        Assert.Equal(before, model.named_parameters().Select(entry => entry.name).Where(key => !adapterKeys.Contains(key)).ToList());
    }

    [Fact]
    public void A_substituted_child_keeps_its_place_among_its_siblings_and_is_the_one_forward_calls()
    {
        // Given
        var model = PeftFixture.Model();
        var siblings = ModuleTree.Find(model, Attention).named_children().Select(child => child.name).ToList();
        var layer = new CountingLayer((nn.Module<Tensor, Tensor>)ModuleTree.Find(model, $"{Attention}.to_k"));

        // When
        var original = ModuleTree.Substitute(model, $"{Attention}.to_k", layer);

        // Then
        Assert.Same(layer.Base, original);
        Assert.Equal(siblings, ModuleTree.Find(model, Attention).named_children().Select(child => child.name).ToList());
        Assert.Same(layer, ModuleTree.Find(model, $"{Attention}.to_k"));
        Assert.Equal(PeftFixture.Output(PeftFixture.Model()).data<double>().ToArray(), PeftFixture.Output(model).data<double>().ToArray());
        Assert.Equal(1, layer.Calls);
    }

    [Fact]
    public void A_module_list_slot_is_substituted_in_place()
    {
        // Given
        var model = PeftFixture.Model();
        var layer = new CountingLayer((nn.Module<Tensor, Tensor>)ModuleTree.Find(model, $"{Attention}.to_out.0"));

        // When
        ModuleTree.Substitute(model, $"{Attention}.to_out.0", layer);

        // Then
        Assert.Equal(["0", "1"], ModuleTree.Find(model, $"{Attention}.to_out").named_children().Select(child => child.name).ToList());
        Assert.Same(layer, ModuleTree.Find(model, $"{Attention}.to_out.0"));
    }

    [Fact]
    public void One_and_two_input_layers_are_both_told_of_a_move()
    {
        // Given
        var model = PeftFixture.Model();
        var oneInput = new CountingLayer((nn.Module<Tensor, Tensor>)ModuleTree.Find(model, $"{Attention}.to_q"));
        ModuleTree.Substitute(model, $"{Attention}.to_q", oneInput);
        var twoInputs = new CountingLayer2((nn.Module<Tensor, Tensor?, Tensor>)ModuleTree.Find(model, Attention));
        ModuleTree.Substitute(model, Attention, twoInputs);

        // When
        model.to(float32);

        // Then
        Assert.Equal(1, oneInput.Moves);
        Assert.Equal(1, twoInputs.Moves);
        Assert.Equal(ScalarType.Float32, ModuleTree.FindParameter(model, $"{Attention}.to_q", "weight").dtype);
    }
}

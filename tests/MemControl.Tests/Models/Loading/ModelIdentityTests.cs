using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using MemControl.Tests.Support;

namespace MemControl.Tests.Models.Loading;

public sealed class ModelIdentityTests
{
    private const string Config = """{"_class_name": "UNet2DConditionModel", "_diffusers_version": "0.40.0", "block_out_channels": [32, 64], "act": {"b": 1, "a": 2.5}}""";
    private static readonly (string, long[])[] Keys = [("conv_in.weight", [32L, 4, 3, 3]), ("conv_in.bias", [32L])];

    [Fact]
    public void The_identity_ignores_key_order_whitespace_and_writer_versions()
    {
        // Given: the same config reordered, re-spaced, from another diffusers version, keys listed the other way round
        const string reordered = """
            {
              "act": { "a": 2.5, "b": 1.0 },
              "block_out_channels": [32, 64],
              "_diffusers_version": "0.14.0",
              "_name_or_path": "/somewhere/else",
              "_class_name": "UNet2DConditionModel"
            }
            """;

        // When
        var first = ModelIdentity.Of(Config, Keys);
        var second = ModelIdentity.Of(reordered, Keys.Reverse());

        // Then
        Assert.Equal(first, second);
        Assert.Equal(64, first.Sha256Hex.Length);
        Assert.Equal(first.Sha256Hex[..12], first.Short);
    }

    [Fact]
    public void The_identity_changes_when_a_shape_changes()
    {
        var changed = ModelIdentity.Of(Config, [("conv_in.weight", [32L, 8, 3, 3]), ("conv_in.bias", [32L])]);
        Assert.NotEqual(ModelIdentity.Of(Config, Keys), changed);
    }

    [Fact]
    public void The_identity_changes_when_a_config_value_or_a_key_changes()
    {
        var original = ModelIdentity.Of(Config, Keys);
        Assert.NotEqual(original, ModelIdentity.Of(Config.Replace("[32, 64]", "[32, 32]"), Keys));
        Assert.NotEqual(original, ModelIdentity.Of(Config, [("conv_in.weight", [32L, 4, 3, 3])]));
    }

    [Fact]
    public void The_canonical_config_is_compact_with_sorted_keys()
    {
        Assert.Equal("""{"_class_name":"UNet2DConditionModel","act":{"a":2.5,"b":1},"block_out_channels":[32,64]}""", ModelIdentity.CanonicalConfig(Config));
    }

    [Fact]
    public void The_fixture_unet_has_the_same_identity_from_its_module_and_from_its_file_header()
    {
        // Given
        var component = DiffusersComponent.Open(TestPaths.RequireParityPath("unet"));
        using var file = SafetensorsFile.Open(component.ResolveWeights());
        var shapes = file.Keys.Select(k => (k, file.ShapeOf(k))).ToList();
        var module = KeyTreeModule.Build(shapes);

        // When
        var fromModule = ModelIdentity.Of(component.ConfigJson, module);
        var fromHeader = ModelIdentity.Of(component.ConfigJson, shapes);

        // Then
        Assert.Equal(fromHeader, fromModule);
    }
}

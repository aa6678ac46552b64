using MemControl.Models.Unets;
using MemControl.Tests.Support;

namespace MemControl.Tests.Models.Unets;

public sealed class UNet2DConditionConfigTests
{
    private const string Minimal = """
        {"in_channels": 4, "out_channels": 4, "layers_per_block": 1, "cross_attention_dim": 32,
         "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"], "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
         "block_out_channels": [32, 64], "attention_head_dim": 8, "some_future_key": [1, 2]}
        """;

    [Fact]
    public void Attention_head_dim_is_the_head_count_when_num_attention_heads_is_null()
    {
        // When
        var config = UNet2DConditionConfig.FromJson(Minimal, "config.json");

        // Then
        Assert.Equal([8, 8], config.AttentionHeads);
        Assert.Equal(128, config.TimeEmbeddingDim);
    }

    [Fact]
    public void Num_attention_heads_wins_over_attention_head_dim()
    {
        // When
        var config = UNet2DConditionConfig.FromJson(Minimal.Replace("\"attention_head_dim\": 8", "\"attention_head_dim\": 8, \"num_attention_heads\": [2, 4]"), "config.json");

        // Then
        Assert.Equal([2, 4], config.AttentionHeads);
    }

    [Fact]
    public void A_missing_required_key_names_the_file_and_the_key()
    {
        // When
        var error = Assert.Throws<InvalidDataException>(() => UNet2DConditionConfig.FromJson(Minimal.Replace("\"cross_attention_dim\": 32,", ""), "my/unet/config.json"));

        // Then
        Assert.Contains("my/unet/config.json", error.Message);
        Assert.Contains("cross_attention_dim", error.Message);
    }

    [Theory]
    [InlineData("\"down_block_types\": [\"CrossAttnDownBlock2D\", \"DownBlock2D\"]", "\"down_block_types\": [\"SimpleCrossAttnDownBlock2D\", \"DownBlock2D\"]", "down_block_types")]
    [InlineData("\"in_channels\": 4", "\"in_channels\": 4, \"class_embed_type\": \"timestep\"", "class_embed_type")]
    [InlineData("\"in_channels\": 4", "\"in_channels\": 4, \"upcast_attention\": true", "upcast_attention")]
    [InlineData("\"attention_head_dim\": 8", "\"attention_head_dim\": 7", "attention_head_dim")]
    public void An_unsupported_value_is_rejected_with_its_key(string original, string replacement, string key)
    {
        // When
        var error = Assert.Throws<InvalidDataException>(() => UNet2DConditionConfig.FromJson(Minimal.Replace(original, replacement), "config.json"));

        // Then
        Assert.Contains($"'{key}'", error.Message);
    }

    [Fact]
    public void The_parity_fixture_config_reads_as_an_sd15_shaped_unet()
    {
        // When
        var config = UNet2DConditionConfig.FromFile(Path.Combine(TestPaths.RequireParityPath("unet"), "config.json"));

        // Then
        Assert.Equal(UNet2DConditionConfig.StableDiffusion15.DownBlockTypes, config.DownBlockTypes);
        Assert.Equal(UNet2DConditionConfig.StableDiffusion15.UpBlockTypes, config.UpBlockTypes);
        Assert.Equal([8, 8, 8, 8], config.AttentionHeads);
    }

    [Fact]
    public void A_missing_file_is_reported_as_such()
    {
        Assert.Throws<FileNotFoundException>(() => UNet2DConditionConfig.FromFile("/nonexistent/config.json"));
    }
}

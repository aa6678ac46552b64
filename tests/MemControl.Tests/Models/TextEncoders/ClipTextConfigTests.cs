using MemControl.Models.TextEncoders;
using MemControl.Tests.Support;

namespace MemControl.Tests.Models.TextEncoders;

public sealed class ClipTextConfigTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("clip-config-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void StableDiffusion15_has_the_123_060_480_parameters_of_CLIP_ViT_L_14_text()
    {
        // Given
        var config = ClipTextConfig.StableDiffusion15;

        // When
        var count = config.ParameterCount;

        // Then: the published size of openai/clip-vit-large-patch14's text model.
        Assert.Equal(123_060_480, count);
    }

    [Fact]
    public void ParameterCount_equals_the_parameters_of_the_model_built_from_it()
    {
        // Given
        var config = TinyConfig();
        using var model = new ClipTextModel(config);

        // When
        var counted = model.parameters().Sum(parameter => parameter.numel());

        // Then
        Assert.Equal(config.ParameterCount, counted);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_built_SD15_text_encoder_has_123_060_480_parameters()
    {
        // Given
        using var model = new ClipTextModel(ClipTextConfig.StableDiffusion15);

        // When
        var counted = model.parameters().Sum(parameter => parameter.numel());

        // Then
        Assert.Equal(123_060_480, counted);
    }

    [Fact]
    public void Load_reads_the_fixture_text_encoder_config()
    {
        // Given
        var path = TestPaths.RequireParityPath("text_encoder", "config.json");

        // When
        var config = ClipTextConfig.Load(path);

        // Then
        Assert.Equal(
            new ClipTextConfig
            {
                HiddenSize = 32, IntermediateSize = 37, NumHiddenLayers = 2, NumAttentionHeads = 4,
                MaxPositionEmbeddings = 77, VocabSize = 49408, HiddenAct = ClipActivation.QuickGelu, LayerNormEps = 1e-5,
                BosTokenId = 49406, EosTokenId = 49407, PadTokenId = 49407,
            },
            config);
    }

    [Fact]
    public void Load_reads_a_transformers_4_SD15_config_with_the_legacy_eos_id()
    {
        // Given: runwayml/stable-diffusion-v1-5 text_encoder/config.json, abridged to the keys that matter.
        var path = Write("""
            {"architectures": ["CLIPTextModel"], "attention_dropout": 0.0, "bos_token_id": 0, "dropout": 0.0,
             "eos_token_id": 2, "hidden_act": "quick_gelu", "hidden_size": 768, "initializer_factor": 1.0,
             "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-05, "max_position_embeddings": 77,
             "model_type": "clip_text_model", "num_attention_heads": 12, "num_hidden_layers": 12, "pad_token_id": 1,
             "projection_dim": 768, "torch_dtype": "float32", "transformers_version": "4.22.0.dev0", "vocab_size": 49408}
            """);

        // When
        var config = ClipTextConfig.Load(path);

        // Then
        Assert.Equal(ClipTextConfig.StableDiffusion15, config);
    }

    [Fact]
    public void Load_names_the_file_and_the_missing_key()
    {
        // Given
        var path = Write("""{"intermediate_size": 37, "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 77, "vocab_size": 49408}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ClipTextConfig.Load(path));

        // Then
        Assert.Contains(path, error.Message);
        Assert.Contains("hidden_size", error.Message);
    }

    [Fact]
    public void Load_names_the_key_of_an_unknown_activation()
    {
        // Given
        var path = Write("""{"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 77, "vocab_size": 49408, "hidden_act": "relu"}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ClipTextConfig.Load(path));

        // Then
        Assert.Contains(path, error.Message);
        Assert.Contains("hidden_act", error.Message);
    }

    [Fact]
    public void Load_refuses_heads_that_do_not_divide_the_width()
    {
        // Given
        var path = Write("""{"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 2, "num_attention_heads": 5, "max_position_embeddings": 77, "vocab_size": 49408}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ClipTextConfig.Load(path));

        // Then
        Assert.Contains("num_attention_heads", error.Message);
    }

    [Fact]
    public void Load_of_a_missing_file_names_it()
    {
        // Given
        var path = Path.Combine(scratch, "absent.json");

        // When
        var error = Assert.Throws<FileNotFoundException>(() => ClipTextConfig.Load(path));

        // Then
        Assert.Contains(path, error.Message);
    }

    internal static ClipTextConfig TinyConfig(int layers = 2, int vocabulary = 49408, int eosTokenId = 49407) => new()
    {
        HiddenSize = 8,
        IntermediateSize = 12,
        NumHiddenLayers = layers,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 77,
        VocabSize = vocabulary,
        EosTokenId = eosTokenId,
    };

    private string Write(string json)
    {
        var path = Path.Combine(scratch, "config.json");
        File.WriteAllText(path, json);
        return path;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// Hyper-parameters of a CLIP text transformer, read from the <c>text_encoder/config.json</c> that transformers'
/// <c>CLIPTextConfig</c> writes. The six size keys are required; the others take transformers' own defaults when absent.
/// </summary>
public sealed record ClipTextConfig
{
    /// <summary>Width of the token embeddings and of every transformer layer (<c>hidden_size</c>).</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Width of the MLP's hidden layer (<c>intermediate_size</c>).</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>Number of transformer layers (<c>num_hidden_layers</c>).</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary>Number of attention heads per layer (<c>num_attention_heads</c>); must divide <see cref="HiddenSize"/>.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary>Longest token sequence the position embedding covers (<c>max_position_embeddings</c>, 77 for CLIP).</summary>
    public required int MaxPositionEmbeddings { get; init; }

    /// <summary>Rows of the token embedding (<c>vocab_size</c>, 49408 for CLIP's BPE).</summary>
    public required int VocabSize { get; init; }

    /// <summary>MLP activation (<c>hidden_act</c>).</summary>
    public ClipActivation HiddenAct { get; init; } = ClipActivation.QuickGelu;

    /// <summary>LayerNorm epsilon (<c>layer_norm_eps</c>).</summary>
    public double LayerNormEps { get; init; } = 1e-5;

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c> (<c>bos_token_id</c>).</summary>
    public int BosTokenId { get; init; } = 49406;

    /// <summary>
    /// Id of <c>&lt;|endoftext|&gt;</c> (<c>eos_token_id</c>). Legacy configs (SD-1.5's) say 2, which makes the pooler take the
    /// position of the largest id instead, as transformers does (see <see cref="ClipTextModel"/>).
    /// </summary>
    public int EosTokenId { get; init; } = 49407;

    /// <summary>Id used for padding (<c>pad_token_id</c>); informational, the text encoder itself never reads it.</summary>
    public int PadTokenId { get; init; } = 1;

    /// <summary>The text tower of OpenAI CLIP ViT-L/14, used by every Stable Diffusion 1.x checkpoint.</summary>
    public static ClipTextConfig StableDiffusion15 { get; } = new()
    {
        HiddenSize = 768,
        IntermediateSize = 3072,
        NumHiddenLayers = 12,
        NumAttentionHeads = 12,
        MaxPositionEmbeddings = 77,
        VocabSize = 49408,
        HiddenAct = ClipActivation.QuickGelu,
        LayerNormEps = 1e-5,
        BosTokenId = 0,
        EosTokenId = 2,
        PadTokenId = 1,
    };

    /// <summary>Width of one attention head.</summary>
    public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>
    /// Number of parameters of <see cref="ClipTextModel"/> built from this config: token and position embeddings, per layer
    /// four biased H×H projections, two LayerNorms and the H→I→H MLP, then the final LayerNorm.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            long hidden = HiddenSize, intermediate = IntermediateSize;
            var embeddings = ((long)VocabSize + MaxPositionEmbeddings) * hidden;
            var attention = 4 * ((hidden * hidden) + hidden);
            var layerNorms = 2 * 2 * hidden;
            var mlp = (hidden * intermediate) + intermediate + (intermediate * hidden) + hidden;
            return embeddings + (NumHiddenLayers * (attention + layerNorms + mlp)) + (2 * hidden);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Reads a transformers <c>config.json</c> (a <c>text_encoder/</c> folder's).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A required key is missing, or a value has the wrong type or is out of range.</exception>
    public static ClipTextConfig Load(string configPath)
    {
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"CLIP text encoder config '{configPath}' does not exist", configPath);
        }

        return FromJson(File.ReadAllText(configPath), configPath);
    }

    /// <summary>Reads the text of a transformers CLIP text config; <paramref name="configPath"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">A required key is missing, or a value has the wrong type or is out of range.</exception>
    public static ClipTextConfig FromJson(string json, string configPath)
    {
        ClipTextConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ClipTextConfig>(json, JsonOptions);
        }
        catch (JsonException error)
        {
            // System.Text.Json names the key in Path ($.hidden_act) or, for missing required keys, in the message.
            var complaint = error.Path is { Length: > 2 } path
                ? $"key '{path.TrimStart('$', '.')}' has an invalid value ({error.Message})"
                : error.Message;
            throw new InvalidDataException($"{configPath}: {complaint}", error);
        }

        if (config is null)
        {
            throw new InvalidDataException($"{configPath}: expected a JSON object, found null");
        }

        if (config.FindProblem() is { } problem)
        {
            throw new InvalidDataException($"{configPath}: key '{problem.Key}' {problem.Message}");
        }

        return config;
    }

    /// <summary>The first key whose value cannot build a model, with what is wrong; null when the config is usable.</summary>
    internal (string Key, string Message)? FindProblem()
    {
        (string Key, int Value)[] positive =
        [
            ("hidden_size", HiddenSize), ("intermediate_size", IntermediateSize), ("num_hidden_layers", NumHiddenLayers),
            ("num_attention_heads", NumAttentionHeads), ("max_position_embeddings", MaxPositionEmbeddings),
            ("vocab_size", VocabSize),
        ];
        foreach (var (key, value) in positive)
        {
            if (value <= 0)
            {
                return (key, $"must be positive, found {value}");
            }
        }

        if (HiddenSize % NumAttentionHeads != 0)
        {
            return ("num_attention_heads", $"must divide hidden_size {HiddenSize}, found {NumAttentionHeads}");
        }

        if (!(LayerNormEps > 0))
        {
            return ("layer_norm_eps", $"must be positive, found {LayerNormEps}");
        }

        return null;
    }
}

using MemControl.Models.Configuration;

namespace MemControl.Models.Unets;

/// <summary>
/// The configuration of a <see cref="UNet2DConditionModel"/>: the subset of diffusers' <c>unet/config.json</c> that the
/// Stable Diffusion 1.x/2.x family uses. <see cref="FromFile"/> reads a diffusers config (unknown keys are ignored, as
/// diffusers ignores them); keys with values this implementation does not support are rejected with the file and key.
/// </summary>
public sealed record UNet2DConditionConfig
{
    /// <summary>The block type names this implementation builds.</summary>
    public static readonly IReadOnlyList<string> SupportedDownBlockTypes = ["CrossAttnDownBlock2D", "DownBlock2D"];

    /// <inheritdoc cref="SupportedDownBlockTypes"/>
    public static readonly IReadOnlyList<string> SupportedUpBlockTypes = ["UpBlock2D", "CrossAttnUpBlock2D"];

    /// <summary>Latent channels in (<c>in_channels</c>).</summary>
    public required int InChannels { get; init; }

    /// <summary>Channels of the noise prediction (<c>out_channels</c>).</summary>
    public required int OutChannels { get; init; }

    /// <summary>One entry per down block (<c>down_block_types</c>).</summary>
    public required IReadOnlyList<string> DownBlockTypes { get; init; }

    /// <summary>One entry per up block (<c>up_block_types</c>), deepest first.</summary>
    public required IReadOnlyList<string> UpBlockTypes { get; init; }

    /// <summary>Channels of each down block (<c>block_out_channels</c>).</summary>
    public required IReadOnlyList<int> BlockOutChannels { get; init; }

    /// <summary>Resnets per down block; up blocks have one more (<c>layers_per_block</c>).</summary>
    public required int LayersPerBlock { get; init; }

    /// <summary>Width of the text-encoder states (<c>cross_attention_dim</c>; 768 for SD-1.x, 1024 for SD-2).</summary>
    public required int CrossAttentionDim { get; init; }

    /// <summary>
    /// Attention heads of each down block (diffusers' <c>num_attention_heads</c>). SD-1.x configs leave that key null
    /// and put the head count in <c>attention_head_dim</c> — a historical misnomer diffusers keeps; the reader honours it.
    /// </summary>
    public required IReadOnlyList<int> AttentionHeads { get; init; }

    /// <summary>Transformer blocks inside each Transformer2DModel of each down block (<c>transformer_layers_per_block</c>).</summary>
    public IReadOnlyList<int> TransformerLayersPerBlock { get; init; } = [1, 1, 1, 1];

    /// <summary>Padding of the down blocks' strided convs (<c>downsample_padding</c>).</summary>
    public int DownsamplePadding { get; init; } = 1;

    /// <summary>The mid-block resnets divide their output by this (<c>mid_block_scale_factor</c>).</summary>
    public double MidBlockScaleFactor { get; init; } = 1.0;

    /// <summary>GroupNorm groups everywhere (<c>norm_num_groups</c>).</summary>
    public int NormNumGroups { get; init; } = 32;

    /// <summary>Resnet and output GroupNorm epsilon (<c>norm_eps</c>).</summary>
    public double NormEps { get; init; } = 1e-5;

    /// <summary>Resnet dropout (<c>dropout</c>).</summary>
    public double Dropout { get; init; }

    /// <summary>Linear instead of 1×1 conv projections in the transformers (<c>use_linear_projection</c>, SD-2).</summary>
    public bool UseLinearProjection { get; init; }

    /// <summary>Cosines before sines in the timestep embedding (<c>flip_sin_to_cos</c>).</summary>
    public bool FlipSinToCos { get; init; } = true;

    /// <summary>The timestep embedding's frequency shift (<c>freq_shift</c>).</summary>
    public int FreqShift { get; init; }

    /// <summary>Maps the input sample from [0, 1] to [-1, 1] first (<c>center_input_sample</c>).</summary>
    public bool CenterInputSample { get; init; }

    /// <summary>Latent height/width the model was trained at (<c>sample_size</c>); informational.</summary>
    public int? SampleSize { get; init; }

    /// <summary>The exact configuration of Stable Diffusion 1.5's UNet (runwayml/stable-diffusion-v1-5, unet/config.json).</summary>
    public static UNet2DConditionConfig StableDiffusion15 { get; } = new()
    {
        InChannels = 4,
        OutChannels = 4,
        DownBlockTypes = ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
        UpBlockTypes = ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
        BlockOutChannels = [320, 640, 1280, 1280],
        LayersPerBlock = 2,
        CrossAttentionDim = 768,
        AttentionHeads = [8, 8, 8, 8],
        TransformerLayersPerBlock = [1, 1, 1, 1],
        DownsamplePadding = 1,
        MidBlockScaleFactor = 1.0,
        NormNumGroups = 32,
        NormEps = 1e-5,
        FlipSinToCos = true,
        FreqShift = 0,
        SampleSize = 64,
    };

    /// <summary>Width of the time embedding: 4 × the first block's channels, as diffusers.</summary>
    public int TimeEmbeddingDim => BlockOutChannels[0] * 4;

    /// <summary>Reads a diffusers <c>unet/config.json</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A required key is missing or a value is unsupported; the message names the file and key.</exception>
    public static UNet2DConditionConfig FromFile(string path) => FromReader(DiffusersConfigReader.FromFile(path));

    /// <summary>Reads the text of a diffusers UNet config; <paramref name="source"/> names it in errors.</summary>
    public static UNet2DConditionConfig FromJson(string json, string source) =>
        FromReader(DiffusersConfigReader.FromJson(json, source));

    private static UNet2DConditionConfig FromReader(DiffusersConfigReader reader)
    {
        // Options of diffusers' UNet2DConditionModel that SD-1.x/2.x leave at their defaults; anything else is a model
        // this implementation would silently compute wrongly, so it is refused.
        reader.RequireSupported("act_fn", "silu");
        reader.RequireSupported("mid_block_type", "UNetMidBlock2DCrossAttn");
        reader.RequireSupported("class_embed_type", null);
        reader.RequireSupported("num_class_embeds", null);
        reader.RequireSupported("addition_embed_type", null);
        reader.RequireSupported("encoder_hid_dim", null);
        reader.RequireSupported("encoder_hid_dim_type", null);
        reader.RequireSupported("time_embedding_type", "positional");
        reader.RequireSupported("time_embedding_dim", null);
        reader.RequireSupported("time_embedding_act_fn", null);
        reader.RequireSupported("timestep_post_act", null);
        reader.RequireSupported("time_cond_proj_dim", null);
        reader.RequireSupported("only_cross_attention", false);
        if (reader.Bool("mid_block_only_cross_attention", false))
        {
            throw reader.Invalid("mid_block_only_cross_attention", "is true, but only null or false is supported");
        }

        reader.RequireSupported("dual_cross_attention", false);
        reader.RequireSupported("upcast_attention", false);
        reader.RequireSupported("resnet_time_scale_shift", "default");
        reader.RequireSupported("resnet_skip_time_act", false);
        reader.RequireSupported("resnet_out_scale_factor", 1.0);
        reader.RequireSupported("conv_in_kernel", 3);
        reader.RequireSupported("conv_out_kernel", 3);
        reader.RequireSupported("attention_type", "default");
        reader.RequireSupported("cross_attention_norm", null);
        reader.RequireSupported("class_embeddings_concat", false);
        reader.RequireSupported("reverse_transformer_layers_per_block", null);

        var downBlockTypes = reader.StringList("down_block_types");
        var upBlockTypes = reader.StringList("up_block_types");
        var blockOutChannels = reader.IntList("block_out_channels");
        foreach (var type in downBlockTypes.Where(t => !SupportedDownBlockTypes.Contains(t)))
        {
            throw reader.Invalid("down_block_types", $"holds '{type}', but only {string.Join(", ", SupportedDownBlockTypes)} are supported");
        }

        foreach (var type in upBlockTypes.Where(t => !SupportedUpBlockTypes.Contains(t)))
        {
            throw reader.Invalid("up_block_types", $"holds '{type}', but only {string.Join(", ", SupportedUpBlockTypes)} are supported");
        }

        var blocks = downBlockTypes.Count;
        if (upBlockTypes.Count != blocks || blockOutChannels.Count != blocks)
        {
            throw reader.Invalid("block_out_channels", $"has {blockOutChannels.Count} entries, down_block_types {blocks} and up_block_types {upBlockTypes.Count}; all three must have the same length");
        }

        var crossAttentionDim = reader.Int("cross_attention_dim");
        // SD-1.x quirk kept by diffusers: without num_attention_heads, attention_head_dim is the number of heads.
        var headsKey = reader.Has("num_attention_heads") ? "num_attention_heads" : "attention_head_dim";
        var heads = reader.IntPerBlock(headsKey, blocks);
        var normGroups = reader.Int("norm_num_groups", 32);
        // Sizes of 0 or below would otherwise surface as a DivideByZeroException or a libtorch error with a stack trace.
        foreach (var channels in blockOutChannels)
        {
            Positive(reader, "block_out_channels", channels);
        }

        foreach (var count in heads)
        {
            Positive(reader, headsKey, count);
        }

        Positive(reader, "norm_num_groups", normGroups);
        Positive(reader, "in_channels", reader.Int("in_channels"));
        Positive(reader, "out_channels", reader.Int("out_channels"));
        Positive(reader, "layers_per_block", reader.Int("layers_per_block"));
        Positive(reader, "cross_attention_dim", crossAttentionDim);
        foreach (var layers in reader.IntPerBlock("transformer_layers_per_block", blocks, defaultValue: 1))
        {
            Positive(reader, "transformer_layers_per_block", layers);
        }

        if (reader.NullableInt("sample_size") is { } sampleSize)
        {
            Positive(reader, "sample_size", sampleSize);
        }

        if (reader.Int("downsample_padding", 1) < 0)
        {
            throw reader.Invalid("downsample_padding", $"is {reader.Int("downsample_padding", 1)}, but must be 0 or more");
        }

        for (var i = 0; i < blocks; i++)
        {
            if (blockOutChannels[i] % heads[i] != 0)
            {
                throw reader.Invalid(headsKey, $"gives {heads[i]} heads to block {i}, which does not divide its {blockOutChannels[i]} channels");
            }

            if (blockOutChannels[i] % normGroups != 0)
            {
                throw reader.Invalid("norm_num_groups", $"is {normGroups}, which does not divide block {i}'s {blockOutChannels[i]} channels");
            }
        }

        return new UNet2DConditionConfig
        {
            InChannels = reader.Int("in_channels"),
            OutChannels = reader.Int("out_channels"),
            DownBlockTypes = downBlockTypes,
            UpBlockTypes = upBlockTypes,
            BlockOutChannels = blockOutChannels,
            LayersPerBlock = reader.Int("layers_per_block"),
            CrossAttentionDim = crossAttentionDim,
            AttentionHeads = heads,
            TransformerLayersPerBlock = reader.IntPerBlock("transformer_layers_per_block", blocks, defaultValue: 1),
            DownsamplePadding = reader.Int("downsample_padding", 1),
            MidBlockScaleFactor = reader.Double("mid_block_scale_factor", 1.0),
            NormNumGroups = normGroups,
            NormEps = reader.Double("norm_eps", 1e-5),
            Dropout = reader.Double("dropout", 0.0),
            UseLinearProjection = reader.Bool("use_linear_projection", false),
            FlipSinToCos = reader.Bool("flip_sin_to_cos", true),
            FreqShift = reader.Int("freq_shift", 0),
            CenterInputSample = reader.Bool("center_input_sample", false),
            SampleSize = reader.NullableInt("sample_size"),
        };
    }

    private static void Positive(DiffusersConfigReader reader, string key, int value)
    {
        if (value <= 0)
        {
            throw reader.Invalid(key, $"is {value}, but must be a positive number");
        }
    }
}

using MemControl.Models.Configuration;

namespace MemControl.Models.Autoencoders;

/// <summary>
/// The configuration of an <see cref="AutoencoderKL"/>: diffusers' <c>vae/config.json</c> for the Stable Diffusion 1.x
/// family. <see cref="FromFile"/> ignores unknown keys and rejects values this implementation would compute wrongly.
/// </summary>
public sealed record AutoencoderKLConfig
{
    /// <summary>Image channels in (<c>in_channels</c>).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Image channels out (<c>out_channels</c>).</summary>
    public int OutChannels { get; init; } = 3;

    /// <summary>Encoder block widths; the decoder uses them reversed (<c>block_out_channels</c>).</summary>
    public required IReadOnlyList<int> BlockOutChannels { get; init; }

    /// <summary>Resnets per encoder block; decoder blocks have one more (<c>layers_per_block</c>).</summary>
    public int LayersPerBlock { get; init; } = 1;

    /// <summary>Channels of the latent (<c>latent_channels</c>).</summary>
    public int LatentChannels { get; init; } = 4;

    /// <summary>GroupNorm groups (<c>norm_num_groups</c>).</summary>
    public int NormNumGroups { get; init; } = 32;

    /// <summary>Latents are multiplied by this before the UNet sees them (<c>scaling_factor</c>).</summary>
    public double ScalingFactor { get; init; } = 0.18215;

    /// <summary>Whether the mid-blocks have their attention (<c>mid_block_add_attention</c>).</summary>
    public bool MidBlockAddAttention { get; init; } = true;

    /// <summary>Whether <c>quant_conv</c> follows the encoder (<c>use_quant_conv</c>).</summary>
    public bool UseQuantConv { get; init; } = true;

    /// <summary>Whether <c>post_quant_conv</c> precedes the decoder (<c>use_post_quant_conv</c>).</summary>
    public bool UsePostQuantConv { get; init; } = true;

    /// <summary>Image height/width the model was trained at (<c>sample_size</c>); informational.</summary>
    public int? SampleSize { get; init; }

    /// <summary>The exact configuration of Stable Diffusion 1.5's VAE (runwayml/stable-diffusion-v1-5, vae/config.json).</summary>
    public static AutoencoderKLConfig StableDiffusion15 { get; } = new()
    {
        BlockOutChannels = [128, 256, 512, 512],
        LayersPerBlock = 2,
        LatentChannels = 4,
        NormNumGroups = 32,
        ScalingFactor = 0.18215,
        SampleSize = 512,
    };

    /// <summary>Reads a diffusers <c>vae/config.json</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A required key is missing or a value is unsupported; the message names the file and key.</exception>
    public static AutoencoderKLConfig FromFile(string path) => FromReader(DiffusersConfigReader.FromFile(path));

    /// <summary>Reads the text of a diffusers VAE config; <paramref name="source"/> names it in errors.</summary>
    public static AutoencoderKLConfig FromJson(string json, string source) =>
        FromReader(DiffusersConfigReader.FromJson(json, source));

    private static AutoencoderKLConfig FromReader(DiffusersConfigReader reader)
    {
        reader.RequireSupported("act_fn", "silu");
        reader.RequireSupported("shift_factor", null);
        reader.RequireSupported("latents_mean", null);
        reader.RequireSupported("latents_std", null);

        var blockOutChannels = reader.IntList("block_out_channels");
        var blocks = blockOutChannels.Count;
        CheckBlockTypes(reader, "down_block_types", "DownEncoderBlock2D", blocks);
        CheckBlockTypes(reader, "up_block_types", "UpDecoderBlock2D", blocks);

        var groups = reader.Int("norm_num_groups", 32);
        for (var i = 0; i < blocks; i++)
        {
            if (blockOutChannels[i] % groups != 0)
            {
                throw reader.Invalid("norm_num_groups", $"is {groups}, which does not divide block {i}'s {blockOutChannels[i]} channels");
            }
        }

        return new AutoencoderKLConfig
        {
            InChannels = reader.Int("in_channels", 3),
            OutChannels = reader.Int("out_channels", 3),
            BlockOutChannels = blockOutChannels,
            LayersPerBlock = reader.Int("layers_per_block", 1),
            LatentChannels = reader.Int("latent_channels", 4),
            NormNumGroups = groups,
            ScalingFactor = reader.Double("scaling_factor", 0.18215),
            MidBlockAddAttention = reader.Bool("mid_block_add_attention", true),
            UseQuantConv = reader.Bool("use_quant_conv", true),
            UsePostQuantConv = reader.Bool("use_post_quant_conv", true),
            SampleSize = reader.NullableInt("sample_size"),
        };
    }

    private static void CheckBlockTypes(DiffusersConfigReader reader, string key, string supported, int blocks)
    {
        var types = reader.StringList(key);
        if (types.Any(type => type != supported))
        {
            throw reader.Invalid(key, $"holds '{types.First(type => type != supported)}', but only {supported} is supported");
        }

        if (types.Count != blocks)
        {
            throw reader.Invalid(key, $"has {types.Count} entries but block_out_channels has {blocks}");
        }
    }
}

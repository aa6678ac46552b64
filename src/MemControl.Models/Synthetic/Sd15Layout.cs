using MemControl.Models.Autoencoders;
using MemControl.Models.Loading;
using MemControl.Models.Runtime;
using MemControl.Models.TextEncoders;
using MemControl.Models.Unets;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Synthetic;

/// <summary>
/// The config files and checkpoint tensors of an SD-1.5-shaped diffusers pipeline folder. The configs are data: the
/// text of the files runwayml/stable-diffusion-v1-5 publishes (diffusers 0.6, transformers 4.22), or a small variant of
/// the same shape. Tensor names are spelled as those published files spell them: the text encoder's keys carry
/// transformers 4's <c>text_model.</c> prefix (with its <c>position_ids</c> buffer) and the VAE's mid-block attention
/// uses the pre-0.14 <c>query</c>/<c>key</c>/<c>value</c>/<c>proj_attn</c> names (docs/checkpoint-format.md).
/// </summary>
public sealed class Sd15Layout
{
    /// <summary>The weight-bearing components, in the order they are written.</summary>
    public static IReadOnlyList<string> WeightComponents { get; } = ["unet", "vae", "text_encoder"];

    /// <summary>The transformers 4 buffer SD-1.5's text-encoder file holds besides its parameters (int64 [1, 77]).</summary>
    public const string PositionIdsKey = LegacyKeyMap.TextModelPrefix + "embeddings.position_ids";

    private Sd15Layout(Sd15Scale scale, string unetJson, string vaeJson, string textEncoderJson)
    {
        Scale = scale;
        UnetConfigJson = unetJson;
        VaeConfigJson = vaeJson;
        TextEncoderConfigJson = textEncoderJson;
        Unet = UNet2DConditionConfig.FromJson(unetJson, "unet/config.json");
        Vae = AutoencoderKLConfig.FromJson(vaeJson, "vae/config.json");
        TextEncoder = ClipTextConfig.FromJson(textEncoderJson, "text_encoder/config.json");
    }

    public Sd15Scale Scale { get; }

    /// <summary>The text of unet/config.json.</summary>
    public string UnetConfigJson { get; }

    /// <summary>The text of vae/config.json.</summary>
    public string VaeConfigJson { get; }

    /// <summary>The text of text_encoder/config.json.</summary>
    public string TextEncoderConfigJson { get; }

    /// <summary>The text of scheduler/scheduler_config.json (SD-1.5's PNDM, the same at both scales).</summary>
    public string SchedulerConfigJson => Sd15ConfigFiles.Scheduler;

    /// <summary>The text of model_index.json (no safety checker or feature extractor: their slots are [null, null]).</summary>
    public string ModelIndexJson => Sd15ConfigFiles.ModelIndex;

    public UNet2DConditionConfig Unet { get; }

    public AutoencoderKLConfig Vae { get; }

    public ClipTextConfig TextEncoder { get; }

    /// <summary>The layout at <paramref name="scale"/>.</summary>
    public static Sd15Layout For(Sd15Scale scale) => scale switch
    {
        Sd15Scale.Full => new Sd15Layout(scale, Sd15ConfigFiles.FullUnet, Sd15ConfigFiles.FullVae, Sd15ConfigFiles.FullTextEncoder),
        Sd15Scale.Tiny => new Sd15Layout(scale, Sd15ConfigFiles.TinyUnet, Sd15ConfigFiles.TinyVae, Sd15ConfigFiles.TinyTextEncoder),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "not an Sd15Scale"),
    };

    /// <summary>The weights file name of <paramref name="component"/> (diffusers' or transformers' save_pretrained name).</summary>
    public static string WeightsFileName(string component) =>
        component == "text_encoder" ? "model.safetensors" : "diffusion_pytorch_model.safetensors";

    /// <summary>The config file text of <paramref name="component"/>.</summary>
    public string ConfigJson(string component) => component switch
    {
        "unet" => UnetConfigJson,
        "vae" => VaeConfigJson,
        "text_encoder" => TextEncoderConfigJson,
        _ => throw new ArgumentException($"no weight-bearing component '{component}' (expected one of {string.Join(", ", WeightComponents)})", nameof(component)),
    };

    /// <summary>
    /// The tensors of <paramref name="component"/>'s checkpoint file in <paramref name="dtype"/>, named as SD-1.5's files
    /// name them. The module is built on the meta device, so this allocates no weights even at full size.
    /// </summary>
    public IReadOnlyList<SafetensorsEntry> Entries(string component, SafetensorsDType dtype)
    {
        using var module = MetaDevice.Build<nn.Module>(() => component switch
        {
            "unet" => new UNet2DConditionModel(Unet),
            "vae" => new AutoencoderKL(Vae),
            "text_encoder" => new ClipTextModel(TextEncoder),
            _ => throw new ArgumentException($"no weight-bearing component '{component}' (expected one of {string.Join(", ", WeightComponents)})", nameof(component)),
        });
        var entries = module.state_dict()
            .Select(pair => new SafetensorsEntry(CheckpointKey(component, pair.Key), dtype, pair.Value.shape))
            .ToList();
        if (component == "text_encoder")
        {
            entries.Add(new SafetensorsEntry(PositionIdsKey, SafetensorsDType.FromScalarType(ScalarType.Int64)!, [1, TextEncoder.MaxPositionEmbeddings]));
        }

        return entries;
    }

    private static string CheckpointKey(string component, string moduleKey) => component switch
    {
        "text_encoder" => LegacyKeyMap.TextModelPrefix + moduleKey,
        "vae" => LegacyKeyMap.OldAttentionSpelling(moduleKey),
        _ => moduleKey,
    };
}

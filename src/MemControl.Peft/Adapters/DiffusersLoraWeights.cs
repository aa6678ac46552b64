using System.Text.Json;
using MemControl.Models.Runtime;
using MemControl.Peft.Lora;
using static TorchSharp.torch;

namespace MemControl.Peft.Adapters;

/// <summary>
/// A LoRA adapter as diffusers' <c>load_lora_weights</c> reads it: PEFT keys <c>unet.&lt;module path&gt;.lora_A.weight</c>
/// (r × in) and <c>.lora_B.weight</c> (out × r) in <c>pytorch_lora_weights.safetensors</c>, with the LoRA configuration in
/// the safetensors metadata under <c>lora_adapter_metadata</c> (keys prefixed <c>unet.</c>, as diffusers' save writes it).
/// </summary>
public static class DiffusersLoraWeights
{
    /// <summary>diffusers' LoRA weights file name (<c>LORA_WEIGHT_NAME_SAFE</c>).</summary>
    public const string FileName = "pytorch_lora_weights.safetensors";

    /// <summary>The safetensors metadata key diffusers reads the LoRA configuration from.</summary>
    public const string MetadataKey = "lora_adapter_metadata";

    /// <summary>The prefix of the UNet's entries (diffusers' <c>unet_name</c>).</summary>
    public const string UnetPrefix = "unet";

    /// <summary>
    /// The tensors (in <paramref name="dtype"/>) and metadata of <paramref name="adapters"/>, which must be a LoRA set.
    /// Modules a mask bit froze carry B = 0 (no change) and are left out.
    /// </summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) From(AdapterSet adapters, ScalarType dtype)
    {
        if (adapters.Method.Config is not LoraConfig config)
        {
            throw new ArgumentException(
                $"the LoRA weights format holds LoRA adapters only; this adapter's method is '{adapters.Method.Config.Method}', which exports as merged weights only",
                nameof(adapters));
        }

        var trained = adapters.Trainable.Where(entry => entry.Name == LowRankDeltaLayer.AName).Select(entry => entry.ModulePath).ToHashSet();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        // diffusers scales an update by lora_alpha / r; loaders that ignore the metadata take lora_alpha = r (scale 1), so
        // the scale is folded into B and lora_alpha written as r: every diffusers version computes the same ΔW = (α / r)·B·A.
        var scale = config.Alpha / config.Rank;
        foreach (var (path, layer) in adapters.Layers.Where(entry => trained.Contains(entry.Key)).OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            var lora = (LowRankDeltaLayer)layer;
            tensors[$"{UnetPrefix}.{path}.lora_A.weight"] = lora.A.detach().cpu().to(dtype).contiguous();
            tensors[$"{UnetPrefix}.{path}.lora_B.weight"] = lora.B.detach().cpu().Times(scale).to(dtype).contiguous();
        }

        var settings = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            [$"{UnetPrefix}.r"] = config.Rank,
            [$"{UnetPrefix}.lora_alpha"] = config.Rank,
            [$"{UnetPrefix}.target_modules"] = trained.Order(StringComparer.Ordinal).ToArray(),
        };
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            [MetadataKey] = JsonSerializer.Serialize(settings),
        };
        return (tensors, metadata);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// Writes a module as a diffusers component folder: config.json plus its state dict as one safetensors file, under
/// the keys and file names save_pretrained uses, so from_pretrained (and <see cref="DiffusersComponent"/>) load it.
/// Each file is written under a temporary name and renamed; the weights go first, so a folder with a new config.json
/// never points at missing weights.
/// </summary>
public static class CheckpointSaver
{
    /// <summary>diffusers' weights file name (UNet, VAE).</summary>
    public const string DiffusersWeightsFileName = "diffusion_pytorch_model.safetensors";

    /// <summary>transformers' weights file name (CLIP text encoder).</summary>
    public const string TransformersWeightsFileName = "model.safetensors";

    /// <summary>
    /// Saves <paramref name="module"/>'s state dict and <paramref name="configJson"/> (a JSON object, written as
    /// given) into <paramref name="directory"/>, which is created if needed.
    /// </summary>
    public static void SaveComponent(nn.Module module, string configJson, string directory, string weightsFileName = DiffusersWeightsFileName)
    {
        if (weightsFileName != Path.GetFileName(weightsFileName) || !weightsFileName.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            throw new ArgumentException($"weights file name '{weightsFileName}' must be a plain file name ending in .safetensors.", nameof(weightsFileName));
        }

        _ = DiffusersComponent.ParseObject(configJson, "config JSON to save");
        var stateDict = module.state_dict();
        SafetensorsWriter.Write(Path.Combine(directory, weightsFileName), stateDict);
        AtomicFile.WriteText(Path.Combine(directory, "config.json"), configJson);
    }

    /// <summary>Saves <paramref name="tensors"/> with <see cref="SafetensorsWriter"/> (for state dicts not held by a module).</summary>
    public static void SaveTensors(IReadOnlyDictionary<string, Tensor> tensors, string path) => SafetensorsWriter.Write(path, tensors);
}

using TorchSharp.PyBridge;
using static TorchSharp.torch;
using TorchSharp.Modules;
using TorchSharp;

namespace MemControl.Peft.Adapters;

/// <summary>
/// The one place PEFT reads and writes safetensors. It uses TorchSharp.PyBridge for now; at merge time the loading
/// helper's own safetensors reader (MemControl.Models) replaces these two calls.
/// </summary>
internal static class TensorFile
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var contiguous = tensors.ToDictionary(entry => entry.Key, entry => entry.Value.detach().cpu().contiguous());
        AtomicFile.Write(path, temporary => Safetensors.SaveStateDict(temporary, contiguous));
    }

    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"tensor file '{path}' does not exist", path);
        }

        try
        {
            return Safetensors.LoadStateDict(path);
        }
        catch (Exception error) when (error is not IOException)
        {
            throw new InvalidDataException($"'{path}' is not a readable safetensors file: {error.Message}", error);
        }
    }
}

using MemControl.Models.Loading;
using static TorchSharp.torch;

namespace MemControl.Peft.Adapters;

/// <summary>The one place PEFT reads and writes safetensors: through our validating reader and atomic writer.</summary>
internal static class TensorFile
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors) =>
        SafetensorsWriter.Write(path, tensors.ToDictionary(entry => entry.Key, entry => entry.Value.detach().cpu().contiguous()));

    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"tensor file '{path}' does not exist", path);
        }

        return SafetensorsFile.ReadAll(path);
    }
}

using MemControl.Models.Loading;
using static TorchSharp.torch;

namespace MemControl.Peft.Adapters;

/// <summary>The one place PEFT reads and writes safetensors: through our validating reader and atomic writer.</summary>
internal static class TensorFile
{
    /// <summary>
    /// Writes <paramref name="tensors"/> as they are: the writer copies a GPU or non-contiguous tensor (LAPACK's
    /// column-major U and Vh) one at a time while writing, so no second copy of everything is held at once.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors) =>
        SafetensorsWriter.Write(path, tensors);

    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"tensor file '{path}' does not exist", path);
        }

        return SafetensorsFile.ReadAll(path);
    }
}

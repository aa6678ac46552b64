using TorchSharp;
using MemControl.Models.Loading;
using static TorchSharp.torch;

namespace MemControl.Tests.Models;

/// <summary>How the model parity tests read safetensors files: through the project's own loader (Models/Loading).</summary>
internal static class DiffusersParityWeights
{
    /// <summary>Loads a diffusers weights file into <paramref name="module"/>, every key required both ways.</summary>
    public static void LoadStrict(nn.Module module, string safetensorsPath) =>
        StateDictLoader.Load(module, safetensorsPath, strict: true);

    /// <summary>All tensors of a safetensors file by key (reference inputs/outputs, or weights to compare keys).</summary>
    public static Dictionary<string, Tensor> ReadTensors(string safetensorsPath) => SafetensorsFile.ReadAll(safetensorsPath);

    /// <summary>The folder's weights file, as <c>save_pretrained</c> names it.</summary>
    public static string WeightsFile(string componentDir) => Path.Combine(componentDir, "diffusion_pytorch_model.safetensors");

    /// <summary>Max |a − b| over all elements, in double precision.</summary>
    public static double MaxAbsDifference(Tensor actual, Tensor expected)
    {
        using var difference = (actual.to_type(ScalarType.Float64) - expected.to_type(ScalarType.Float64)).abs().max();
        return difference.item<double>();
    }

    /// <summary>Max |a − b| relative to max |b|.</summary>
    public static double MaxRelativeDifference(Tensor actual, Tensor expected)
    {
        using var scale = expected.to_type(ScalarType.Float64).abs().max();
        return MaxAbsDifference(actual, expected) / scale.item<double>();
    }
}

using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MemControl.Tests.Models;

/// <summary>
/// How the model parity tests read safetensors files. The one place that calls TorchSharp.PyBridge: at merge time the
/// project's own loader (Models/Loading) replaces these two calls.
/// </summary>
internal static class DiffusersParityWeights
{
    /// <summary>Loads a diffusers weights file into <paramref name="module"/>, every key required both ways.</summary>
    public static void LoadStrict(nn.Module module, string safetensorsPath)
    {
        var weights = ReadTensors(safetensorsPath);
        module.load_state_dict(weights, strict: true);
        foreach (var tensor in weights.Values)
        {
            tensor.Dispose();
        }
    }

    /// <summary>All tensors of a safetensors file by key (reference inputs/outputs, or weights to compare keys).</summary>
    /// <remarks>
    /// Each tensor is cloned into memory libtorch owns: PyBridge's tensors view a managed buffer that the GC may reuse,
    /// and autograd reading a saved input after that gave NaN gradients (seen in the UNet parity test).
    /// </remarks>
    public static Dictionary<string, Tensor> ReadTensors(string safetensorsPath)
    {
        var loaded = Safetensors.LoadStateDict(safetensorsPath);
        var owned = loaded.ToDictionary(entry => entry.Key, entry => entry.Value.clone());
        foreach (var tensor in loaded.Values)
        {
            tensor.Dispose();
        }

        return owned;
    }

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

using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Layers;

/// <summary>
/// A module substituted for a base module at one module path. It keeps the base module's own parameters, buffers and
/// children registered under their original names (so the model's state-dict keys do not change) and adds the
/// method's parameters under a method prefix (<c>svdiff_delta</c>, <c>lora_A</c>, ...), as peft's tuner layers do.
/// </summary>
public interface IPeftLayer
{
    /// <summary>The module this layer wraps; put back unchanged by <c>AdapterSet.Detach</c>.</summary>
    nn.Module Base { get; }

    /// <summary>The method's own parameters on this layer, by registered name (the adapter file key suffix).</summary>
    IReadOnlyDictionary<string, AdapterParameterKind> AdapterParameterKinds { get; }

    /// <summary>The live method parameter registered under <paramref name="name"/>.</summary>
    Parameter AdapterParameter(string name);

    /// <summary>
    /// Folds the adapter into the base module's plain weights and returns the module to put back at this path, or null
    /// when the adapter cannot be folded exactly and this layer must stay (frozen) as a cheap hook.
    /// </summary>
    nn.Module? Merge();
}

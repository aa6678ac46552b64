using MemControl.Peft.Layers;
using MemControl.Peft.Tree;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchSharp;

namespace MemControl.Peft;

/// <summary>
/// One tensor a method trains, known from the model's shapes alone (before anything is attached), so counts can be
/// given for models that are never materialised.
/// </summary>
/// <param name="ModulePath">Path of the module that holds it once attached (the wrapped module's path for method parameters).</param>
/// <param name="Name">Its registered name on that module: a base name (<c>bias</c>) or a method name (<c>svdiff_delta</c>).</param>
/// <param name="Count">Number of trainable values.</param>
/// <param name="Kind">Optimizer group.</param>
/// <param name="Maskable">Whether a mask bit can freeze it: the method's own parameters, as docs/decisions.md §4 defines per method.</param>
public sealed record PlannedParameter(string ModulePath, string Name, long Count, AdapterParameterKind Kind, bool Maskable)
{
    /// <summary>The key of this tensor in the model's state dict and in <c>adapter.safetensors</c>.</summary>
    public string Key => ModuleTree.Join(ModulePath, Name);
}

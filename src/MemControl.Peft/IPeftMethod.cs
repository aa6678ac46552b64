using MemControl.Peft.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Peft;

/// <summary>A PEFT method applied to a model by module path (peft's tuner "model" role).</summary>
public interface IPeftMethod
{
    /// <summary>The configuration it was built from.</summary>
    PeftConfig Config { get; }

    /// <summary>Whether a mask can gate this method's parameters (not for freeze and full fine-tuning).</summary>
    bool SupportsMask { get; }

    /// <summary>What the method trains on this model, from shapes only; nothing is created or changed.</summary>
    IReadOnlyList<PlannedParameter> Plan(nn.Module root);

    /// <summary>Substitutes the method's layers into the model; returns them by module path (empty for unfreeze-only methods).</summary>
    IReadOnlyDictionary<string, IPeftLayer> Attach(nn.Module root);
}

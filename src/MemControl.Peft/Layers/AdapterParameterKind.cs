using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchSharp;

namespace MemControl.Peft.Layers;

/// <summary>Which optimizer parameter group a method parameter belongs to (SV-DIFF's 1-D shifts take their own learning rate).</summary>
public enum AdapterParameterKind
{
    /// <summary>The method's main parameters: spectral shifts, LoRA factors, DiffFit scales, unfrozen base weights.</summary>
    Main,

    /// <summary>Shifts of 1-D weights (norm gains) in SV-DIFF; trained with their own learning rate (docs/decisions.md §3, default 1e-6).</summary>
    OneDimensionalShift,
}

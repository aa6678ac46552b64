namespace MemControl.Models.TextEncoders;

/// <summary>The MLP activation of a CLIP text transformer (transformers' <c>hidden_act</c>).</summary>
public enum ClipActivation
{
    /// <summary><c>quick_gelu</c>: x · sigmoid(1.702 x), OpenAI CLIP's approximation (SD-1.x).</summary>
    QuickGelu,

    /// <summary><c>gelu</c>: the exact erf GELU (OpenCLIP text towers).</summary>
    Gelu,
}

using MemControl.Models.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>The position-wise MLP of a CLIP text layer: fc1 → activation → fc2 (transformers' <c>CLIPMLP</c>).</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly ClipActivation activation;

    public ClipMlp(ClipTextConfig config) : base(nameof(ClipMlp))
    {
        fc1 = nn.Linear(config.HiddenSize, config.IntermediateSize);
        fc2 = nn.Linear(config.IntermediateSize, config.HiddenSize);
        activation = config.HiddenAct;
        RegisterComponents();
    }

    /// <summary>hidden [B, T, H] → [B, T, H].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var expanded = fc1.call(hidden);
        using var activated = Activate(expanded);
        return fc2.call(activated);
    }

    private Tensor Activate(Tensor x) => activation switch
    {
        // OpenAI CLIP's quick_gelu: x · σ(1.702 x).
        ClipActivation.QuickGelu => x * torch.sigmoid(x.Times(1.702)),
        ClipActivation.Gelu => nn.functional.gelu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown CLIP activation"),
    };
}

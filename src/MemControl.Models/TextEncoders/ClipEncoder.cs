using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// The stack of transformer layers (transformers' <c>CLIPEncoder</c>). Returns the last layer's output and the
/// penultimate hidden state (transformers' <c>hidden_states[-2]</c>: the input of the last layer), which "clip skip"
/// conditions on.
/// </summary>
public sealed class ClipEncoder : nn.Module<Tensor, (Tensor Last, Tensor Penultimate)>
{
    private readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(ClipTextConfig config) : base(nameof(ClipEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new ClipEncoderLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>embeddings [B, T, H] → (last layer output, input of the last layer), both [B, T, H].</summary>
    public override (Tensor Last, Tensor Penultimate) forward(Tensor embeddings)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = embeddings;
        var penultimate = embeddings;
        foreach (var layer in layers)
        {
            penultimate = hidden;
            hidden = layer.call(hidden);
        }

        // With a single layer the penultimate state is the embeddings themselves: hand back a copy the caller may dispose.
        if (ReferenceEquals(penultimate, embeddings))
        {
            penultimate = embeddings.alias();
        }

        return (hidden.MoveToOuterDisposeScope(), penultimate.MoveToOuterDisposeScope());
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// diffusers' <c>FeedForward</c> with the GEGLU activation: <c>net.0</c> = GEGLU(dim → 4·dim), <c>net.1</c> = Dropout,
/// <c>net.2</c> = Linear(4·dim → dim).
/// </summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    // Field name is the checkpoint key; a ModuleList so the keys are net.0, net.1, net.2.
    private readonly ModuleList<nn.Module<Tensor, Tensor>> net;

    /// <param name="dim">Token width in and out.</param>
    /// <param name="multiplier">Inner width = multiplier × dim (4 in Stable Diffusion).</param>
    /// <param name="dropout">Dropout probability after the activation.</param>
    public FeedForward(long dim, long multiplier = 4, double dropout = 0.0)
        : base(nameof(FeedForward))
    {
        var innerDim = dim * multiplier;
        net = nn.ModuleList<nn.Module<Tensor, Tensor>>(new GEGLU(dim, innerDim), nn.Dropout(dropout), nn.Linear(innerDim, dim));
        RegisterComponents();
    }

    /// <summary>(…, dim) → (…, dim).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = net[2].call(net[1].call(net[0].call(input)));
        return output.MoveToOuterDisposeScope();
    }
}

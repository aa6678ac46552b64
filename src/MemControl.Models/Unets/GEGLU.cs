using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// The gated GELU of Shazeer 2020 ("GLU Variants Improve Transformer"), as diffusers' <c>GEGLU</c>: one <c>proj</c>
/// makes 2 × inner features, split into a value half and a gate half; output = value · GELU(gate).
/// </summary>
public sealed class GEGLU : nn.Module<Tensor, Tensor>
{
    // Field name is the checkpoint key; interface-typed and not readonly so PEFT can wrap it.
    private nn.Module<Tensor, Tensor> proj;

    /// <param name="inDim">Input width.</param>
    /// <param name="outDim">Output width (the projection makes twice that).</param>
    public GEGLU(long inDim, long outDim)
        : base(nameof(GEGLU))
    {
        proj = nn.Linear(inDim, outDim * 2);
        RegisterComponents();
    }

    /// <summary>(…, in) → (…, out).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var halves = proj.call(input).chunk(2, dim: -1); // value, gate
        return (halves[0] * nn.functional.gelu(halves[1])).MoveToOuterDisposeScope();
    }
}

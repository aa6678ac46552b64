using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>diffusers' <c>TimestepEmbedding</c>: <c>linear_1</c> → SiLU → <c>linear_2</c>, the UNet's time MLP.</summary>
/// <remarks>Linear fields have the interface type and are not readonly so PEFT can swap in a wrapper by reflection.</remarks>
public sealed class TimestepEmbedding : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys.
    private nn.Module<Tensor, Tensor> linear_1;
    private nn.Module<Tensor, Tensor> linear_2;

    /// <param name="inChannels">Width of the sinusoidal embedding.</param>
    /// <param name="embeddingDim">Width of the time embedding (4 × the first block's channels in SD).</param>
    public TimestepEmbedding(long inChannels, long embeddingDim)
        : base(nameof(TimestepEmbedding))
    {
        linear_1 = nn.Linear(inChannels, embeddingDim);
        linear_2 = nn.Linear(embeddingDim, embeddingDim);
        RegisterComponents();
    }

    /// <summary>(N, in) → (N, embeddingDim).</summary>
    public override Tensor forward(Tensor sinusoid)
    {
        using var scope = NewDisposeScope();
        return linear_2.call(nn.functional.silu(linear_1.call(sinusoid))).MoveToOuterDisposeScope();
    }
}

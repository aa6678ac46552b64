using MemControl.Models.Blocks;
using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// diffusers' <c>BasicTransformerBlock</c> as Stable Diffusion 1.x uses it (pre-norm, three residual branches):
/// h = attn1(norm1(x)) + x (self-attention); h = attn2(norm2(h), context) + h (cross-attention to the text);
/// h = ff(norm3(h)) + h (GEGLU feed-forward).
/// </summary>
/// <remarks>
/// Contract with PEFT: <c>norm1..3</c>, <c>attn1</c>, <c>attn2</c> and <c>ff</c> have generic interface types and are
/// not readonly, so a wrapper of the same interface can replace them by reflection, and <see cref="forward"/> calls
/// whatever they hold through <c>call()</c> (hooks run). Both attentions are typed
/// <c>Module&lt;Tensor, Tensor?, Tensor&gt;</c> (hidden states, optional context) — one signature for self- and
/// cross-attention, which TorchSharp's two-input <c>Module</c> allows; attn1 is always called with a null context.
/// </remarks>
public sealed class BasicTransformerBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    // Field names are the checkpoint keys.
    private nn.Module<Tensor, Tensor> norm1;
    private nn.Module<Tensor, Tensor?, Tensor> attn1;
    private nn.Module<Tensor, Tensor> norm2;
    private nn.Module<Tensor, Tensor?, Tensor> attn2;
    private nn.Module<Tensor, Tensor> norm3;
    private nn.Module<Tensor, Tensor> ff;

    /// <param name="dim">Token width.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="headDim">Width of one head.</param>
    /// <param name="crossAttentionDim">Width of the text-encoder states.</param>
    /// <param name="eps">LayerNorm epsilon (1e-5 in diffusers).</param>
    public BasicTransformerBlock(long dim, long heads, long headDim, long crossAttentionDim, double eps = 1e-5)
        : base(nameof(BasicTransformerBlock))
    {
        norm1 = nn.LayerNorm(dim, eps);
        attn1 = new Attention(dim, heads, headDim);
        norm2 = nn.LayerNorm(dim, eps);
        attn2 = new Attention(dim, heads, headDim, crossAttentionDim);
        norm3 = nn.LayerNorm(dim, eps);
        ff = new FeedForward(dim);
        RegisterComponents();
    }

    /// <summary>Tokens (B, L, dim) and text states (B, S, cross) → tokens (B, L, dim).</summary>
    public override Tensor forward(Tensor hiddenStates, Tensor? encoderHiddenStates)
    {
        using var scope = NewDisposeScope();
        var hidden = attn1.call(norm1.call(hiddenStates), null).Plus(hiddenStates);
        hidden = attn2.call(norm2.call(hidden), encoderHiddenStates).Plus(hidden);
        hidden = ff.call(norm3.call(hidden)).Plus(hidden);
        return hidden.MoveToOuterDisposeScope();
    }
}

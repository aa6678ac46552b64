using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>BasicTransformerBlock: x += attn1(norm1 x); x += attn2(norm2 x, context); x += ff(norm3 x).</summary>
public sealed class FakeTransformerBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> norm1;
    private nn.Module<Tensor, Tensor?, Tensor> attn1;
    private nn.Module<Tensor, Tensor> norm2;
    private nn.Module<Tensor, Tensor?, Tensor> attn2;
    private nn.Module<Tensor, Tensor> norm3;
    private nn.Module<Tensor, Tensor> ff;

    public FakeTransformerBlock(long dim, long contextDim, int heads, Device? device) : base(nameof(FakeTransformerBlock))
    {
        norm1 = nn.LayerNorm(dim, device: device);
        attn1 = new FakeAttention(dim, dim, heads, device);
        norm2 = nn.LayerNorm(dim, device: device);
        attn2 = new FakeAttention(dim, contextDim, heads, device);
        norm3 = nn.LayerNorm(dim, device: device);
        ff = new FakeFeedForward(dim, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor context)
    {
        var hidden = attn1.call(norm1.call(input), null) + input;
        hidden = attn2.call(norm2.call(hidden), context) + hidden;
        return ff.call(norm3.call(hidden)) + hidden;
    }
}

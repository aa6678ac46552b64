using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>Transformer2DModel: norm, proj_in (1×1 conv), transformer_blocks, proj_out, plus the residual.</summary>
public sealed class FakeTransformer2D : nn.Module<Tensor, Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> norm;
    private nn.Module<Tensor, Tensor> proj_in;
    private ModuleList<FakeTransformerBlock> transformer_blocks;
    private nn.Module<Tensor, Tensor> proj_out;

    public FakeTransformer2D(long channels, long contextDim, int heads, long groups, Device? device) : base(nameof(FakeTransformer2D))
    {
        norm = nn.GroupNorm(groups, channels, device: device);
        proj_in = nn.Conv2d(channels, channels, 1, device: device);
        transformer_blocks = nn.ModuleList(new FakeTransformerBlock(channels, contextDim, heads, device));
        proj_out = nn.Conv2d(channels, channels, 1, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor context)
    {
        var (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        // Shape: (B, C, H, W) → (B, H·W, C) and back.
        var hidden = proj_in.call(norm.call(input)).flatten(2).transpose(1, 2);
        foreach (var block in transformer_blocks)
        {
            hidden = block.call(hidden, context);
        }

        hidden = hidden.transpose(1, 2).reshape(batch, channels, height, width);
        return proj_out.call(hidden) + input;
    }
}

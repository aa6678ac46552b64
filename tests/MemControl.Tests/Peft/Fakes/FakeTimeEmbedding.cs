using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>diffusers' TimestepEmbedding: linear_1 → SiLU → linear_2.</summary>
public sealed class FakeTimeEmbedding : nn.Module<Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> linear_1;
    private nn.Module<Tensor, Tensor> linear_2;

    public FakeTimeEmbedding(long inDim, long outDim, Device? device) : base(nameof(FakeTimeEmbedding))
    {
        linear_1 = nn.Linear(inDim, outDim, device: device);
        linear_2 = nn.Linear(outDim, outDim, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => linear_2.call(nn.functional.silu(linear_1.call(input)));
}

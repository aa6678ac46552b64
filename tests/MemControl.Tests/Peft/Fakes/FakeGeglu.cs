using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>GEGLU: proj to 2 × inner, then value · GELU(gate).</summary>
public sealed class FakeGeglu : nn.Module<Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> proj;

    public FakeGeglu(long dim, long inner, Device? device) : base(nameof(FakeGeglu))
    {
        proj = nn.Linear(dim, 2 * inner, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var halves = proj.call(input).chunk(2, -1);
        return halves[0] * nn.functional.gelu(halves[1]);
    }
}

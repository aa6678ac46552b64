using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>FeedForward: net = (GEGLU, Dropout, Linear).</summary>
public sealed class FakeFeedForward : nn.Module<Tensor, Tensor>
{
    private ModuleList<nn.Module<Tensor, Tensor>> net;

    public FakeFeedForward(long dim, Device? device) : base(nameof(FakeFeedForward))
    {
        net = nn.ModuleList<nn.Module<Tensor, Tensor>>(new FakeGeglu(dim, 4 * dim, device), nn.Dropout(0.0), nn.Linear(4 * dim, dim, device: device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => net[2].call(net[1].call(net[0].call(input)));
}

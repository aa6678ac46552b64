using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>A one-input PEFT layer that passes its input through, counting its calls and the moves it was told of.</summary>
public sealed class CountingLayer(nn.Module<Tensor, Tensor> baseModule) : PeftLayer(nameof(CountingLayer), baseModule)
{
    public int Moves { get; private set; }

    public int Calls { get; private set; }

    public override Tensor forward(Tensor input)
    {
        Calls++;
        return BaseModule.call(input);
    }

    public override nn.Module? Merge() => Base;

    protected override void OnMoved(Device? device) => Moves++;
}

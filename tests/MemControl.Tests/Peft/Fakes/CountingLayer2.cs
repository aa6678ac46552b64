using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>A two-input PEFT layer that passes its inputs through, counting its calls and the moves it was told of.</summary>
public sealed class CountingLayer2(nn.Module<Tensor, Tensor?, Tensor> baseModule) : PeftLayer2(nameof(CountingLayer2), baseModule)
{
    public int Moves { get; private set; }

    public int Calls { get; private set; }

    public override Tensor forward(Tensor input, Tensor? context)
    {
        Calls++;
        return BaseModule.call(input, context);
    }

    public override nn.Module? Merge() => Base;

    protected override void OnMoved(Device? device) => Moves++;
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>Downsample2D (stride-2 conv) or Upsample2D (nearest ×2, then conv), each with its <c>conv</c>.</summary>
public sealed class FakeSampler : nn.Module<Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> conv;
    private readonly bool up;

    public FakeSampler(long channels, bool up, Device? device) : base(nameof(FakeSampler))
    {
        conv = nn.Conv2d(channels, channels, 3, stride: up ? 1 : 2, padding: 1, device: device);
        this.up = up;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        conv.call(up ? nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest) : input);
}

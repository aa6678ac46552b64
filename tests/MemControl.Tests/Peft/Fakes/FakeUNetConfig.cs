using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>Sizes of the fake SD-shaped UNet. <see cref="Tiny"/> runs in milliseconds; <see cref="StableDiffusion15"/> has SD-1.5's shapes (build it on the meta device).</summary>
public sealed record FakeUNetConfig(long[] Channels, bool[] HasAttention, int LayersPerBlock, long CrossDim, int Heads, long Groups, long InChannels, Device? Device = null)
{
    public static FakeUNetConfig Tiny => new([4, 4, 8, 8], [true, true, true, false], 2, 6, 2, 2, 3);

    public static FakeUNetConfig StableDiffusion15(Device device) => new([320, 640, 1280, 1280], [true, true, true, false], 2, 768, 8, 32, 4, device);
}

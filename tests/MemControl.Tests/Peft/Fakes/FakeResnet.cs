using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>ResnetBlock2D: norm1, conv1, time_emb_proj, norm2, conv2 (+ conv_shortcut when channels change).</summary>
public sealed class FakeResnet : nn.Module<Tensor, Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> norm1;
    private nn.Module<Tensor, Tensor> conv1;
    private nn.Module<Tensor, Tensor> time_emb_proj;
    private nn.Module<Tensor, Tensor> norm2;
    private nn.Module<Tensor, Tensor> conv2;
    private nn.Module<Tensor, Tensor>? conv_shortcut;

    public FakeResnet(long inChannels, long outChannels, long timeDim, long groups, Device? device) : base(nameof(FakeResnet))
    {
        norm1 = nn.GroupNorm(groups, inChannels, device: device);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1, device: device);
        time_emb_proj = nn.Linear(timeDim, outChannels, device: device);
        norm2 = nn.GroupNorm(groups, outChannels, device: device);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, device: device);
        conv_shortcut = inChannels == outChannels ? null : nn.Conv2d(inChannels, outChannels, 1, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor timeEmbedding)
    {
        var hidden = conv1.call(nn.functional.silu(norm1.call(input)));
        hidden = hidden + time_emb_proj.call(nn.functional.silu(timeEmbedding))[.., .., TensorIndex.None, TensorIndex.None];
        hidden = conv2.call(nn.functional.silu(norm2.call(hidden)));
        return (conv_shortcut?.call(input) ?? input) + hidden;
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>A down, mid or up block: resnets, optional attentions (one after each resnet) and optional samplers.</summary>
public sealed class FakeBlock : nn.Module
{
    private ModuleList<FakeResnet> resnets;
    private ModuleList<FakeTransformer2D>? attentions;
    private ModuleList<FakeSampler>? downsamplers;
    private ModuleList<FakeSampler>? upsamplers;

    public FakeBlock(IReadOnlyList<FakeResnet> resnets, IReadOnlyList<FakeTransformer2D>? attentions, FakeSampler? downsampler, FakeSampler? upsampler)
        : base(nameof(FakeBlock))
    {
        this.resnets = nn.ModuleList(resnets.ToArray());
        this.attentions = attentions is null ? null : nn.ModuleList(attentions.ToArray());
        downsamplers = downsampler is null ? null : nn.ModuleList(downsampler);
        upsamplers = upsampler is null ? null : nn.ModuleList(upsampler);
        RegisterComponents();
    }

    public int Layers => resnets.Count;

    public Tensor Layer(int index, Tensor hidden, Tensor timeEmbedding, Tensor context)
    {
        hidden = resnets[index].call(hidden, timeEmbedding);
        return attentions is null ? hidden : attentions[index].call(hidden, context);
    }

    /// <summary>The mid block runs resnet 0, attention 0, resnet 1.</summary>
    public Tensor Mid(Tensor hidden, Tensor timeEmbedding, Tensor context) =>
        resnets[1].call(attentions![0].call(resnets[0].call(hidden, timeEmbedding), context), timeEmbedding);

    public Tensor? Sample(Tensor hidden) => downsamplers is not null ? downsamplers[0].call(hidden)
        : upsamplers is not null ? upsamplers[0].call(hidden) : null;
}

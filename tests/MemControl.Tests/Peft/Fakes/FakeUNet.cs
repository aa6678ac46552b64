using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>
/// A small module tree named like diffusers' UNet2DConditionModel (down_blocks / mid_block / up_blocks, attentions.N.
/// transformer_blocks.0.{norm1, attn1, norm2, attn2, norm3, ff}, resnets with convs and GroupNorms), with a real forward,
/// so PEFT is proven on the agreed field contract before the real UNet is merged.
/// </summary>
public sealed class FakeUNet : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> conv_in;
    private FakeTimeEmbedding time_embedding;
    private ModuleList<FakeBlock> down_blocks;
    private FakeBlock mid_block;
    private ModuleList<FakeBlock> up_blocks;
    private nn.Module<Tensor, Tensor> conv_norm_out;
    private nn.Module<Tensor, Tensor> conv_out;
    private readonly long timestepDim;

    public FakeUNet(FakeUNetConfig config) : base(nameof(FakeUNet))
    {
        var (channels, device) = (config.Channels, config.Device);
        var last = channels.Length - 1;
        timestepDim = channels[0];
        var timeDim = 4 * channels[0];
        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, padding: 1, device: device);
        time_embedding = new FakeTimeEmbedding(timestepDim, timeDim, device);

        FakeTransformer2D Attention(long width) => new(width, config.CrossDim, config.Heads, config.Groups, device);
        var skips = new Stack<long>([channels[0]]);
        var previous = channels[0];
        var downs = new List<FakeBlock>();
        for (var level = 0; level <= last; level++)
        {
            var width = channels[level];
            var resnets = new List<FakeResnet>();
            for (var layer = 0; layer < config.LayersPerBlock; layer++)
            {
                resnets.Add(new FakeResnet(previous, width, timeDim, config.Groups, device));
                previous = width;
                skips.Push(width);
            }

            var sampler = level < last ? new FakeSampler(width, up: false, device) : null;
            if (sampler is not null)
            {
                skips.Push(width);
            }

            downs.Add(new FakeBlock(resnets, config.HasAttention[level] ? resnets.Select(_ => Attention(width)).ToList() : null, sampler, null));
        }

        down_blocks = nn.ModuleList(downs.ToArray());
        mid_block = new FakeBlock(
            [new FakeResnet(previous, previous, timeDim, config.Groups, device), new FakeResnet(previous, previous, timeDim, config.Groups, device)],
            [Attention(previous)], null, null);

        var ups = new List<FakeBlock>();
        for (var level = last; level >= 0; level--)
        {
            var width = channels[level];
            var resnets = new List<FakeResnet>();
            for (var layer = 0; layer <= config.LayersPerBlock; layer++)
            {
                resnets.Add(new FakeResnet(previous + skips.Pop(), width, timeDim, config.Groups, device));
                previous = width;
            }

            var sampler = level > 0 ? new FakeSampler(width, up: true, device) : null;
            ups.Add(new FakeBlock(resnets, config.HasAttention[level] ? resnets.Select(_ => Attention(width)).ToList() : null, null, sampler));
        }

        up_blocks = nn.ModuleList(ups.ToArray());
        conv_norm_out = nn.GroupNorm(config.Groups, channels[0], device: device);
        conv_out = nn.Conv2d(channels[0], config.InChannels, 3, padding: 1, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor sample, Tensor timestep, Tensor context)
    {
        // Sinusoidal timestep features (cos, sin), as diffusers' Timesteps with flip_sin_to_cos.
        var half = timestepDim / 2;
        var frequencies = exp(arange(half, dtype: sample.dtype) * (-Math.Log(10000) / half));
        var angles = timestep.to(sample.dtype).unsqueeze(1) * frequencies.unsqueeze(0);
        var timeEmbedding = time_embedding.call(cat([cos(angles), sin(angles)], 1));

        var hidden = conv_in.call(sample);
        var skips = new Stack<Tensor>([hidden]);
        foreach (var block in down_blocks)
        {
            for (var layer = 0; layer < block.Layers; layer++)
            {
                hidden = block.Layer(layer, hidden, timeEmbedding, context);
                skips.Push(hidden);
            }

            if (block.Sample(hidden) is { } sampled)
            {
                hidden = sampled;
                skips.Push(hidden);
            }
        }

        hidden = mid_block.Mid(hidden, timeEmbedding, context);
        foreach (var block in up_blocks)
        {
            for (var layer = 0; layer < block.Layers; layer++)
            {
                hidden = block.Layer(layer, cat([hidden, skips.Pop()], 1), timeEmbedding, context);
            }

            hidden = block.Sample(hidden) ?? hidden;
        }

        return conv_out.call(nn.functional.silu(conv_norm_out.call(hidden)));
    }
}

using MemControl.Models.Blocks;
using MemControl.Models.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// The text-conditioned denoising UNet of Stable Diffusion (diffusers' <c>UNet2DConditionModel</c>, SD-1.x/2.x path
/// only): predicts the noise (or v) in a latent from the latent, the timestep and the text-encoder states.
/// Field names are the diffusers checkpoint keys (<c>down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight</c>),
/// so diffusers weights load by name.
/// </summary>
/// <remarks>
/// Layer fields are interface-typed and not readonly so PEFT can replace them by reflection with a wrapper of the same
/// interface; the forward pass calls whatever they hold through <c>call()</c>.
/// </remarks>
public sealed class UNet2DConditionModel : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    // Field names are the checkpoint keys.
    private readonly Timesteps time_proj;
    private readonly TimestepEmbedding time_embedding;
    private nn.Module<Tensor, Tensor> conv_in;
    private readonly ModuleList<UNetDownBlock> down_blocks;
    private readonly UNetMidBlock2DCrossAttn mid_block;
    private readonly ModuleList<UNetUpBlock> up_blocks;
    private nn.Module<Tensor, Tensor> conv_norm_out;
    private readonly nn.Module<Tensor, Tensor> conv_act;
    private nn.Module<Tensor, Tensor> conv_out;

    /// <summary>Builds the UNet with freshly initialised weights (PyTorch's default initialisation per layer).</summary>
    public UNet2DConditionModel(UNet2DConditionConfig config)
        : base(nameof(UNet2DConditionModel))
    {
        Config = config;
        var channels = config.BlockOutChannels;
        var blocks = channels.Count;
        long timeDim = config.TimeEmbeddingDim;
        long groups = config.NormNumGroups;

        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, stride: 1, padding: 1);
        time_proj = new Timesteps(channels[0], config.FlipSinToCos, config.FreqShift);
        time_embedding = new TimestepEmbedding(channels[0], timeDim);

        // 1. Down path: block i goes from channels[i-1] (or channels[0]) to channels[i]; all but the last halve the size.
        var downBlocks = new UNetDownBlock[blocks];
        for (var i = 0; i < blocks; i++)
        {
            var inChannels = channels[Math.Max(i - 1, 0)];
            var addDownsample = i < blocks - 1;
            downBlocks[i] = config.DownBlockTypes[i] switch
            {
                "CrossAttnDownBlock2D" => new CrossAttnDownBlock2D(config.LayersPerBlock, inChannels, channels[i], timeDim,
                    groups, config.NormEps, config.Dropout, addDownsample, config.DownsamplePadding, config.AttentionHeads[i],
                    config.TransformerLayersPerBlock[i], config.CrossAttentionDim, config.UseLinearProjection),
                "DownBlock2D" => new DownBlock2D(config.LayersPerBlock, inChannels, channels[i], timeDim, groups,
                    config.NormEps, config.Dropout, addDownsample, config.DownsamplePadding),
                var other => throw new ArgumentException($"unsupported down block type '{other}'", nameof(config)),
            };
        }

        down_blocks = nn.ModuleList(downBlocks);

        // 2. Middle, at the deepest width with the last block's heads.
        mid_block = new UNetMidBlock2DCrossAttn(channels[^1], timeDim, groups, config.NormEps, config.Dropout,
            config.MidBlockScaleFactor, config.AttentionHeads[^1], config.TransformerLayersPerBlock[^1],
            config.CrossAttentionDim, config.UseLinearProjection);

        // 3. Up path: the down path mirrored; up block i ends at reversed channels[i] and takes skips whose last one has
        //    the width of reversed channels[i+1] (the matching down block's input); all but the last double the size.
        var upBlocks = new UNetUpBlock[blocks];
        var outChannels = (long)channels[^1];
        for (var i = 0; i < blocks; i++)
        {
            var reversed = blocks - 1 - i;
            var previousOutChannels = outChannels;
            outChannels = channels[reversed];
            long inChannels = channels[Math.Max(reversed - 1, 0)];
            var addUpsample = i < blocks - 1;
            upBlocks[i] = config.UpBlockTypes[i] switch
            {
                "CrossAttnUpBlock2D" => new CrossAttnUpBlock2D(config.LayersPerBlock + 1, inChannels, previousOutChannels,
                    outChannels, timeDim, groups, config.NormEps, config.Dropout, addUpsample, config.AttentionHeads[reversed],
                    config.TransformerLayersPerBlock[reversed], config.CrossAttentionDim, config.UseLinearProjection),
                "UpBlock2D" => new UpBlock2D(config.LayersPerBlock + 1, inChannels, previousOutChannels, outChannels, timeDim,
                    groups, config.NormEps, config.Dropout, addUpsample),
                var other => throw new ArgumentException($"unsupported up block type '{other}'", nameof(config)),
            };
        }

        up_blocks = nn.ModuleList(upBlocks);

        conv_norm_out = GroupNorms.Create(groups, channels[0], config.NormEps);
        conv_act = nn.SiLU();
        conv_out = nn.Conv2d(channels[0], config.OutChannels, 3, stride: 1, padding: 1);
        RegisterComponents();
    }

    /// <summary>The configuration the model was built from.</summary>
    public UNet2DConditionConfig Config { get; }

    /// <summary>
    /// In training mode, keep only each down, mid and up block's inputs and outputs and recompute the block in backward
    /// (<see cref="GradientCheckpoint"/>; diffusers' <c>enable_gradient_checkpointing</c> for the same blocks): the same
    /// gradients for about a third more compute and a fraction of the activation memory. Off by default; ignored in
    /// evaluation mode and under no_grad. Requires <see cref="UNet2DConditionConfig.Dropout"/> 0 (the recomputation
    /// must see the same values).
    /// </summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>
    /// Predicts the noise of <paramref name="sample"/> (B, in, H, W) at <paramref name="timestep"/> (a scalar or one
    /// per sample, any integer or float type) given text states <paramref name="encoderHiddenStates"/> (B, S, cross).
    /// Returns (B, out, H, W) in the sample's dtype.
    /// </summary>
    public override Tensor forward(Tensor sample, Tensor timestep, Tensor encoderHiddenStates)
    {
        using var scope = NewDisposeScope();
        var batch = sample.shape[0];

        // Heights/widths not divisible by 2^(upsamplers) need explicit upsample sizes (diffusers' forward_upsample_size).
        var overallUpFactor = 1L << up_blocks.Count(block => block.Upsamples);
        var forwardUpsampleSize = sample.shape[2] % overallUpFactor != 0 || sample.shape[3] % overallUpFactor != 0;

        if (Config.CenterInputSample)
        {
            sample = sample.Times(2).Minus(1.0);
        }

        // 1. Time: one timestep per sample; the sinusoid is float32 (as diffusers) and cast to the sample's dtype, so
        //    the model runs unchanged in bf16/fp16.
        var timesteps = timestep.dim() switch
        {
            0 => timestep.reshape(1).expand(batch),
            1 when timestep.shape[0] == batch => timestep,
            1 when timestep.shape[0] == 1 => timestep.expand(batch),
            _ => throw new ArgumentException($"timestep must be a scalar or hold one value per sample ({batch}), not shape [{string.Join(", ", timestep.shape)}]", nameof(timestep)),
        };
        var timeEmbedding = time_embedding.call(time_proj.call(timesteps.to(sample.device)).to_type(sample.dtype));

        // 2. Pre-process.
        var hidden = conv_in.call(sample);

        var checkpointing = GradientCheckpointing && training && is_grad_enabled();
        if (checkpointing && Config.Dropout > 0)
        {
            throw new InvalidOperationException(
                $"{nameof(GradientCheckpointing)} needs the UNet's dropout to be 0 (it is {Config.Dropout}): a recomputed block would draw other dropout masks");
        }

        // 3. Down: every resnet/attention output and every downsampler output is kept as a skip connection. A block's
        //    output is its last skip, which is all a checkpointed block needs to return.
        var skips = new List<Tensor> { hidden };
        foreach (var block in down_blocks)
        {
            var blockSkips = checkpointing
                ? GradientCheckpoint.Run(x => block.call(x[0]!, x[1]!, x[2]).Skips, [hidden, timeEmbedding, encoderHiddenStates], block.parameters())
                : block.call(hidden, timeEmbedding, encoderHiddenStates).Skips;
            hidden = blockSkips[^1];
            skips.AddRange(blockSkips);
        }

        // 4. Middle.
        hidden = checkpointing
            ? GradientCheckpoint.Run(x => [mid_block.call(x[0]!, x[1]!, x[2])], [hidden, timeEmbedding, encoderHiddenStates], mid_block.parameters())[0]
            : mid_block.call(hidden, timeEmbedding, encoderHiddenStates);

        // 5. Up: each block takes back as many skips as it has resnets, the latest first.
        foreach (var block in up_blocks)
        {
            var blockSkips = skips.GetRange(skips.Count - block.SkipCount, block.SkipCount).ToArray();
            skips.RemoveRange(skips.Count - block.SkipCount, block.SkipCount);
            long[]? upsampleSize = forwardUpsampleSize && block.Upsamples && skips.Count > 0
                ? [skips[^1].shape[2], skips[^1].shape[3]]
                : null;
            if (checkpointing)
            {
                var count = blockSkips.Length;
                hidden = GradientCheckpoint.Run(
                    x => [block.call(x[0]!, x[1..(count + 1)].Select(skip => skip!).ToArray(), x[count + 1]!, x[count + 2], upsampleSize)],
                    [hidden, .. blockSkips, timeEmbedding, encoderHiddenStates],
                    block.parameters())[0];
            }
            else
            {
                hidden = block.call(hidden, blockSkips, timeEmbedding, encoderHiddenStates, upsampleSize);
            }
        }

        // 6. Post-process.
        var output = conv_out.call(conv_act.call(conv_norm_out.call(hidden.contiguous())));
        return output.MoveToOuterDisposeScope();
    }
}

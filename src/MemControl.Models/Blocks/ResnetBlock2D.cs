using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Blocks;

/// <summary>
/// diffusers' <c>ResnetBlock2D</c> ("default" time-scale-shift, SiLU): norm1 → SiLU → conv1 → (+ time_emb_proj(SiLU(temb)))
/// → norm2 → SiLU → dropout → conv2, added to the input (through a 1×1 <c>conv_shortcut</c> when the channel count
/// changes), divided by <c>output_scale_factor</c>. The VAE builds it without a time embedding (no <c>time_emb_proj</c>).
/// </summary>
/// <remarks>
/// Layer fields have the generic interface type and are not readonly, so PEFT can put a wrapper of the same interface
/// in their place by reflection; <see cref="forward"/> calls whatever they hold through <c>call()</c>.
/// </remarks>
public sealed class ResnetBlock2D : nn.Module<Tensor, Tensor?, Tensor>
{
    // Field names are the checkpoint keys.
    private nn.Module<Tensor, Tensor> norm1;
    private nn.Module<Tensor, Tensor> conv1;
    private nn.Module<Tensor, Tensor>? time_emb_proj;
    private nn.Module<Tensor, Tensor> norm2;
    private readonly nn.Module<Tensor, Tensor> dropout;
    private nn.Module<Tensor, Tensor> conv2;
    private nn.Module<Tensor, Tensor>? conv_shortcut;

    private readonly double _outputScaleFactor;

    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="timeEmbeddingChannels">Width of the time embedding, or null for a block without one (VAE).</param>
    /// <param name="groups">GroupNorm groups of both norms.</param>
    /// <param name="eps">GroupNorm epsilon (1e-5 in the SD UNet, 1e-6 in the VAE).</param>
    /// <param name="dropoutProbability">Dropout between norm2 and conv2.</param>
    /// <param name="outputScaleFactor">The sum is divided by this (the UNet's <c>mid_block_scale_factor</c>).</param>
    public ResnetBlock2D(
        long inChannels,
        long outChannels,
        long? timeEmbeddingChannels,
        long groups = 32,
        double eps = 1e-5,
        double dropoutProbability = 0.0,
        double outputScaleFactor = 1.0)
        : base(nameof(ResnetBlock2D))
    {
        _outputScaleFactor = outputScaleFactor;
        norm1 = GroupNorms.Create(groups, inChannels, eps);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: 1, padding: 1);
        time_emb_proj = timeEmbeddingChannels is { } embeddingChannels ? nn.Linear(embeddingChannels, outChannels) : null;
        norm2 = GroupNorms.Create(groups, outChannels, eps);
        dropout = nn.Dropout(dropoutProbability);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1);
        conv_shortcut = inChannels != outChannels ? nn.Conv2d(inChannels, outChannels, 1) : null;
        RegisterComponents();
    }

    /// <summary>(B, in, H, W) and an optional time embedding (B, T) → (B, out, H, W).</summary>
    public override Tensor forward(Tensor input, Tensor? timeEmbedding)
    {
        using var scope = NewDisposeScope();
        // contiguous(): libtorch 2.10's GroupNorm backward segfaults on a channels-last input that needs no gradient
        // while the norm's weight does (attention tuning's first trainable layer); a no-op for contiguous inputs.
        var hidden = conv1.call(nn.functional.silu(norm1.call(input.contiguous())));

        if (time_emb_proj is not null)
        {
            if (timeEmbedding is null)
            {
                throw new ArgumentException("this block was built with a time embedding, so one must be given", nameof(timeEmbedding));
            }

            var projected = time_emb_proj.call(nn.functional.silu(timeEmbedding)); // (B, out)
            hidden = hidden.Plus(projected[.., .., TensorIndex.None, TensorIndex.None]); // broadcast over H, W
        }

        hidden = conv2.call(dropout.call(nn.functional.silu(norm2.call(hidden.contiguous()))));
        var shortcut = conv_shortcut is null ? input : conv_shortcut.call(input);
        var output = shortcut.Plus(hidden);
        if (_outputScaleFactor != 1.0)
        {
            output = output.DividedBy(_outputScaleFactor);
        }

        return output.MoveToOuterDisposeScope();
    }
}

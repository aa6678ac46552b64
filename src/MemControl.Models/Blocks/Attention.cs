using MemControl.Models.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Blocks;

/// <summary>
/// Multi-head attention as diffusers' <c>Attention</c> with its default processor: <c>to_q</c>, <c>to_k</c>, <c>to_v</c>,
/// <c>to_out.0</c> (Linear) and <c>to_out.1</c> (Dropout), computed with
/// <c>scaled_dot_product_attention</c>. Self-attention when no context is given, cross-attention otherwise.
/// The VAE's mid-block uses it on feature maps with a <c>group_norm</c> in front and a residual around it
/// (diffusers builds that one with <c>norm_num_groups</c> and <c>residual_connection=True</c>).
/// </summary>
/// <remarks>
/// Every submodule field has the generic interface type and is not readonly: PEFT replaces a projection by a wrapper
/// of the same interface (found by module path, set by reflection; <c>to_out.0</c> through the list's indexer), and <see cref="forward"/> calls whatever the field
/// holds, through <c>call()</c> so hooks run too.
/// </remarks>
public sealed class Attention : nn.Module<Tensor, Tensor?, Tensor>
{
    // Field names are the checkpoint keys: group_norm, to_q, to_k, to_v, to_out.0 (Linear), to_out.1 (Dropout).
    private nn.Module<Tensor, Tensor>? group_norm;
    private nn.Module<Tensor, Tensor> to_q;
    private nn.Module<Tensor, Tensor> to_k;
    private nn.Module<Tensor, Tensor> to_v;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> to_out;

    private readonly long _heads;
    private readonly bool _residualConnection;

    /// <summary>Builds attention over <paramref name="queryDim"/>-wide tokens.</summary>
    /// <param name="queryDim">Width of the tokens that ask (and of the output).</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="headDim">Width of one head; the inner width is heads × headDim.</param>
    /// <param name="crossAttentionDim">Width of the context tokens; null for self-attention.</param>
    /// <param name="qkvBias">Whether <c>to_q/k/v</c> have a bias (false in the UNet, true in the VAE).</param>
    /// <param name="groupNormGroups">Groups of a GroupNorm applied first (the VAE), or null for none.</param>
    /// <param name="groupNormEps">Epsilon of that GroupNorm.</param>
    /// <param name="residualConnection">Whether the input is added to the output (the VAE).</param>
    /// <param name="dropout">Dropout probability of <c>to_out.1</c>.</param>
    public Attention(
        long queryDim,
        long heads,
        long headDim,
        long? crossAttentionDim = null,
        bool qkvBias = false,
        long? groupNormGroups = null,
        double groupNormEps = 1e-5,
        bool residualConnection = false,
        double dropout = 0.0)
        : base(nameof(Attention))
    {
        var innerDim = heads * headDim;
        var contextDim = crossAttentionDim ?? queryDim;
        _heads = heads;
        _residualConnection = residualConnection;
        group_norm = groupNormGroups is { } groups ? GroupNorms.Create(groups, queryDim, groupNormEps) : null;
        to_q = nn.Linear(queryDim, innerDim, hasBias: qkvBias);
        to_k = nn.Linear(contextDim, innerDim, hasBias: qkvBias);
        to_v = nn.Linear(contextDim, innerDim, hasBias: qkvBias);
        to_out = nn.ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(innerDim, queryDim, hasBias: true), nn.Dropout(dropout));
        RegisterComponents();
    }

    /// <summary>
    /// Attends from <paramref name="hiddenStates"/> (B, L, C) or a feature map (B, C, H, W) to
    /// <paramref name="context"/> (B, S, Cc), or to itself when <paramref name="context"/> is null.
    /// </summary>
    public override Tensor forward(Tensor hiddenStates, Tensor? context)
    {
        using var scope = NewDisposeScope();
        var residual = hiddenStates;
        var isFeatureMap = hiddenStates.dim() == 4;
        var (batch, channels, height, width) = isFeatureMap
            ? (hiddenStates.shape[0], hiddenStates.shape[1], hiddenStates.shape[2], hiddenStates.shape[3])
            : (hiddenStates.shape[0], hiddenStates.shape[2], 1L, 1L);
        var tokens = isFeatureMap
            ? hiddenStates.view(batch, channels, height * width).transpose(1, 2) // (B, HW, C)
            : hiddenStates;

        if (group_norm is not null)
        {
            // GroupNorm normalises over channels, which sit in dimension 1: (B, C, L) and back.
            tokens = group_norm.call(tokens.transpose(1, 2)).transpose(1, 2);
        }

        var keyValueSource = context ?? tokens;
        var query = SplitHeads(to_q.call(tokens)); // (B, heads, L, d)
        var key = SplitHeads(to_k.call(keyValueSource)); // (B, heads, S, d)
        var value = SplitHeads(to_v.call(keyValueSource)); // (B, heads, S, d)

        // softmax(Q·Kᵀ/√d)·V, the same kernel diffusers' AttnProcessor2_0 calls.
        var attended = nn.functional.scaled_dot_product_attention(query, key, value);
        var merged = attended.transpose(1, 2).reshape(batch, -1, attended.shape[1] * attended.shape[3]); // (B, L, heads·d)

        var output = to_out[1].call(to_out[0].call(merged));
        if (isFeatureMap)
        {
            output = output.transpose(-1, -2).reshape(batch, channels, height, width);
        }

        if (_residualConnection)
        {
            output = output.Plus(residual);
        }

        return output.MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor tokens)
    {
        var batch = tokens.shape[0];
        return tokens.view(batch, -1, _heads, tokens.shape[2] / _heads).transpose(1, 2);
    }
}

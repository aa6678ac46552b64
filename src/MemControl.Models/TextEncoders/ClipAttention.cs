using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// Causal multi-head self-attention of a CLIP text layer (transformers' <c>CLIPAttention</c>): each token attends to
/// itself and the tokens before it, so padding after <c>&lt;|endoftext|&gt;</c> never changes earlier positions.
/// </summary>
public sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
    private readonly int heads;
    private readonly int headDim;

    public ClipAttention(ClipTextConfig config) : base(nameof(ClipAttention))
    {
        q_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        k_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        v_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        out_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        heads = config.NumAttentionHeads;
        headDim = config.HeadDim;
        RegisterComponents();
    }

    /// <summary>hidden [B, T, H] → [B, T, H].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = torch.NewDisposeScope();
        var (batch, length, width) = (hidden.shape[0], hidden.shape[1], hidden.shape[2]);

        // (B, T, H) -> (B, heads, T, head_dim)
        var query = q_proj.call(hidden).view(batch, length, heads, headDim).transpose(1, 2);
        var key = k_proj.call(hidden).view(batch, length, heads, headDim).transpose(1, 2);
        var value = v_proj.call(hidden).view(batch, length, heads, headDim).transpose(1, 2);

        // softmax(Q Kᵀ / √head_dim + causal mask) V, the scale being SDPA's default.
        var attended = nn.functional.scaled_dot_product_attention(query, key, value, is_casual: true);

        // (B, heads, T, head_dim) -> (B, T, H)
        var merged = attended.transpose(1, 2).reshape(batch, length, width);
        return out_proj.call(merged).MoveToOuterDisposeScope();
    }
}

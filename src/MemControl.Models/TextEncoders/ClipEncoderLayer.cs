using MemControl.Models.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// One pre-norm transformer layer (transformers' <c>CLIPEncoderLayer</c>):
/// x + self_attn(layer_norm1(x)), then + mlp(layer_norm2(·)).
/// </summary>
public sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
    private readonly ClipAttention self_attn;
    private readonly LayerNorm layer_norm1;
    private readonly ClipMlp mlp;
    private readonly LayerNorm layer_norm2;

    public ClipEncoderLayer(ClipTextConfig config) : base(nameof(ClipEncoderLayer))
    {
        self_attn = new ClipAttention(config);
        layer_norm1 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        mlp = new ClipMlp(config);
        layer_norm2 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>hidden [B, T, H] → [B, T, H].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = torch.NewDisposeScope();
        var attended = hidden.Plus(self_attn.call(layer_norm1.call(hidden)));
        var output = attended.Plus(mlp.call(layer_norm2.call(attended)));
        return output.MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft.Fakes;

/// <summary>diffusers' Attention: to_q, to_k, to_v, to_out (Linear, Dropout); context null = self-attention.</summary>
public sealed class FakeAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private nn.Module<Tensor, Tensor> to_q;
    private nn.Module<Tensor, Tensor> to_k;
    private nn.Module<Tensor, Tensor> to_v;
    private ModuleList<nn.Module<Tensor, Tensor>> to_out;
    private readonly int heads;

    public FakeAttention(long dim, long contextDim, int heads, Device? device) : base(nameof(FakeAttention))
    {
        to_q = nn.Linear(dim, dim, hasBias: false, device: device);
        to_k = nn.Linear(contextDim, dim, hasBias: false, device: device);
        to_v = nn.Linear(contextDim, dim, hasBias: false, device: device);
        to_out = nn.ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(dim, dim, device: device), nn.Dropout(0.0));
        this.heads = heads;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor? context)
    {
        var source = context ?? input;
        var (batch, tokens, dim) = (input.shape[0], input.shape[1], input.shape[2]);
        // Shape: (B, N, C) → (B, heads, N, C / heads).
        var query = to_q.call(input).reshape(batch, tokens, heads, -1).transpose(1, 2);
        var key = to_k.call(source).reshape(batch, source.shape[1], heads, -1).transpose(1, 2);
        var value = to_v.call(source).reshape(batch, source.shape[1], heads, -1).transpose(1, 2);
        var weights = query.matmul(key.transpose(-1, -2)).div(Math.Sqrt(query.shape[3])).softmax(-1);
        var mixed = weights.matmul(value).transpose(1, 2).reshape(batch, tokens, dim);
        return to_out[1].call(to_out[0].call(mixed));
    }
}

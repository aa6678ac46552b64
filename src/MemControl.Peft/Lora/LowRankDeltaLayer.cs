using MemControl.Models.Runtime;
using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Lora;

/// <summary>LoRA on a Linear: y = base(x) + (α / r)·B·A·x.</summary>
public sealed class LowRankDeltaLayer : PeftLayer
{
    public const string AName = "lora_A";
    public const string BName = "lora_B";

    private readonly double scale;

    public LowRankDeltaLayer(Linear baseModule, int rank, double alpha, Generator generator) : base(nameof(LowRankDeltaLayer), baseModule)
    {
        var weight = baseModule.weight;
        // A as a Linear's default init (Kaiming-uniform with a = √5, i.e. U(−1/√in, 1/√in)), as peft initialises lora_A; B = 0.
        var bound = 1.0 / Math.Sqrt(weight.shape[1]);
        var a = rand(rank, weight.shape[1], float32, generator: generator).Times(2).Minus(1).Times(bound);
        AddAdapterParameter(AName, a.to(weight.device), AdapterParameterKind.Main);
        AddAdapterParameter(BName, zeros(weight.shape[0], rank, device: weight.device), AdapterParameterKind.Main);
        scale = alpha / rank;
    }

    public Parameter A => AdapterParameter(AName);

    public Parameter B => AdapterParameter(BName);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = BaseModule.call(input);
        // Shape: (..., in) · Aᵀ (in, r) · Bᵀ (r, out) → (..., out).
        var update = input.to(float32).matmul(A.t()).matmul(B.t()).Times(scale);
        return output.Plus(update.to(output.dtype)).MoveToOuterDisposeScope();
    }

    public override nn.Module? Merge()
    {
        var weight = ((Linear)Base).weight;
        using (no_grad())
        {
            weight.AddInPlace(B.matmul(A).Times(scale).to(weight.dtype));
        }

        return Base;
    }
}

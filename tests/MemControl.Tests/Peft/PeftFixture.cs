using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.DiffFit;
using MemControl.Peft.Lora;
using MemControl.Peft.SvDiff;
using MemControl.Tests.Peft.Fakes;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft;

/// <summary>Tiny models, inputs and a training loop shared by the PEFT tests.</summary>
public static class PeftFixture
{
    public const string Identity = "fake-unet-tiny";

    /// <summary>The configurations every shared test runs through, by a readable name.</summary>
    public static PeftConfig Config(string name) => name switch
    {
        "freeze" => new MemControl.Peft.Freeze.FreezeConfig(),
        "full" => new MemControl.Peft.FullFineTuning.FullFineTuningConfig(),
        "attention" => new MemControl.Peft.AttentionTuning.AttentionTuningConfig(),
        "svdiff" => new SvDiffConfig(),
        "svdiff-memcontrol" => new SvDiffConfig { Kind = SvDiffVariant.Memcontrol },
        "difffit" => new DiffFitConfig(),
        "lora" => new LoraConfig { Rank = 2, Alpha = 2 },
        _ => throw new ArgumentException(name),
    };

    /// <summary>
    /// A tiny fake UNet with fixed random weights drawn from its own generator (never the global one, which other test
    /// classes use at the same time): weights N(0, 0.2²), norm gains 1 + N(0, 0.05²), biases N(0, 0.05²).
    /// </summary>
    public static FakeUNet Model(int seed = 1)
    {
        var model = new FakeUNet(FakeUNetConfig.Tiny);
        var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (var (_, module) in MemControl.Peft.Tree.ModuleTree.Modules(model))
            {
                var isNorm = module is TorchSharp.Modules.GroupNorm or TorchSharp.Modules.LayerNorm;
                foreach (var (name, parameter) in module.named_parameters(recurse: false))
                {
                    var noise = randn(parameter.shape, generator: generator);
                    // TorchSharp 0.107's GroupNorm leaves its affine tensors uninitialised (NaN seen here), so every value is set.
                    _ = parameter.copy_(isNorm && name == "weight" ? 1 + noise * 0.05 : name == "bias" ? noise * 0.05 : noise * 0.2);
                }
            }
        }

        // float64 on purpose: libtorch 2.10's float32 CPU Conv2d backward returned NaN input gradients at random here
        // (up to ~1 in 3 calls with 3×3 kernels at 2×2..8×8; 0 in 900 calls in float64), which made training flaky.
        // The PEFT tensors stay float32 (docs/decisions.md §5), so this also exercises the mixed-dtype paths.
        model.to(float64);
        model.eval();
        return model;
    }

    public static (Tensor Sample, Tensor Timestep, Tensor Context) Inputs()
    {
        var generator = new Generator(7);
        return (randn(2, 3, 8, 8, float64, generator: generator), tensor(new float[] { 10, 500 }), randn(2, 5, 6, float64, generator: generator));
    }

    public static Tensor Output(FakeUNet model)
    {
        var (sample, timestep, context) = Inputs();
        using (no_grad())
        {
            return model.call(sample, timestep, context);
        }
    }

    /// <summary>A few AdamW steps of the denoising-style MSE loss on the adapter's trainable tensors.</summary>
    public static void Train(FakeUNet model, AdapterSet adapters, int steps = 3, double learningRate = 1e-2)
    {
        if (adapters.Parameters().Count == 0)
        {
            return;
        }

        var (sample, timestep, context) = Inputs();
        var target = randn(2, 3, 8, 8, float64, generator: new Generator(11));
        var optimizer = optim.AdamW(adapters.Parameters(), lr: learningRate);
        for (var step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.call(sample, timestep, context), target);
            loss.backward();
            optimizer.step();
        }
    }

    /// <summary>A copy of every parameter's values by state-dict key.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter.detach().clone());

    public static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, 0, 0);

    public static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().to(float64).item<double>();
}

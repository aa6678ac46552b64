using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Training;

/// <summary>The EMA of weights that fine-tuning (option) and pre-training (always) keep: ema ← decay·ema + (1 − decay)·w.</summary>
public static class ExponentialMovingAverage
{
    public static void Update(IReadOnlyList<Tensor> ema, IReadOnlyList<Parameter> parameters, double decay)
    {
        using var noGrad = no_grad();
        // Scalars made once and held by the usings: implicit ones could be finalized while libtorch reads them.
        using var keep = decay.ToScalar();
        using var take = (1 - decay).ToScalar();
        for (var i = 0; i < ema.Count; i++)
        {
            ema[i].mul_(keep).add_(parameters[i].detach(), alpha: take);
        }
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Training;

/// <summary>The EMA of weights that fine-tuning (option) and pre-training (always) keep: ema ← decay·ema + (1 − decay)·w.</summary>
public static class ExponentialMovingAverage
{
    public static void Update(IReadOnlyList<Tensor> ema, IReadOnlyList<Parameter> parameters, double decay)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < ema.Count; i++)
        {
            ema[i].mul_(decay).add_(parameters[i].detach(), alpha: 1 - decay);
        }
    }
}

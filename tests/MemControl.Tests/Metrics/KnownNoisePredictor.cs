using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

/// <summary>ε̂(x, t, c) = 0.5 x + t/1000 + mean(c): the conditional–unconditional gap is mean(c) − mean(∅) in every element.</summary>
internal sealed class KnownNoisePredictor : INoisePredictor
{
    public int Calls { get; private set; }

    public Tensor Predict(Tensor latents, Tensor timesteps, Tensor textStates)
    {
        Calls++;
        var perSample = textStates.mean([1, 2]).reshape(-1, 1, 1, 1);
        return latents * 0.5f + timesteps.to(ScalarType.Float32).reshape(-1, 1, 1, 1) / 1000f + perSample;
    }
}

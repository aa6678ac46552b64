using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// Denoising diffusion implicit models (Song et al. 2021) as diffusers' <c>DDIMScheduler</c>: deterministic at η = 0,
/// ancestral-like as η → 1 (DDIM eq. 12 and 16).
/// </summary>
public sealed class DdimScheduler : DiffusionScheduler
{
    public DdimScheduler(SchedulerConfig config)
        : base(config)
    {
    }

    /// <summary>A DDIM step with η = 0 (deterministic).</summary>
    public override Tensor Step(Tensor modelOutput, long timestep, Tensor sample, Generator? generator = null) =>
        Step(modelOutput, timestep, sample, eta: 0, generator);

    /// <summary>One DDIM step from <paramref name="timestep"/> to timestep − T div N.</summary>
    /// <param name="eta">η: 0 is DDIM, 1 gives DDPM's posterior variance (DDIM eq. 16).</param>
    /// <exception cref="InvalidOperationException"><see cref="SetTimesteps"/> was not called.</exception>
    public Tensor Step(Tensor modelOutput, long timestep, Tensor sample, double eta, Generator? generator = null)
    {
        if (NumInferenceSteps is not { } steps)
        {
            throw new InvalidOperationException("call SetTimesteps before Step: DDIM needs the number of inference steps");
        }

        using var scope = torch.NewDisposeScope();

        // 1. The previous timestep t' = t − T div N, and ᾱ_t, ᾱ_{t'} (the final ᾱ past the end).
        var previousTimestep = timestep - (Config.NumTrainTimesteps / steps);
        var alphaProduct = NoiseSchedule.AlphaCumprod(timestep);
        var alphaProductPrevious = NoiseSchedule.PreviousAlphaCumprod(previousTimestep);
        var betaProduct = 1 - alphaProduct;

        // 2. x̂₀ and ε̂ from the network output ("predicted x₀" of DDIM eq. 12), 3. x̂₀ clipped if configured.
        var predictedOriginal = ModelPrediction.OriginalSample(Config.PredictionType, modelOutput, sample, alphaProduct);
        var predictedNoise = ModelPrediction.Noise(Config.PredictionType, modelOutput, sample, alphaProduct);
        if (Config.ClipSample)
        {
            predictedOriginal = predictedOriginal.ClampedTo(-Config.ClipSampleRange, Config.ClipSampleRange);
        }

        // 4. σ_t(η) = η √((1 − ᾱ_{t'}) / (1 − ᾱ_t) · (1 − ᾱ_t / ᾱ_{t'})) (eq. 16).
        var variance = (1 - alphaProductPrevious) / betaProduct * (1 - (alphaProduct / alphaProductPrevious));
        var standardDeviation = (float)eta * MathF.Sqrt(variance);

        // 5. "Direction pointing to x_t" √(1 − ᾱ_{t'} − σ²) ε̂, 6. x_{t'} = √ᾱ_{t'} x̂₀ + direction (eq. 12).
        var direction = predictedNoise.Times(MathF.Sqrt(1 - alphaProductPrevious - (standardDeviation * standardDeviation)));
        var previousSample = predictedOriginal.Times(MathF.Sqrt(alphaProductPrevious)).Plus(direction);

        // 7. "Random noise" σ_t z when η > 0.
        if (eta > 0)
        {
            var noise = ModelPrediction.StandardNormal(modelOutput, generator);
            previousSample = previousSample.Plus(noise.Times(standardDeviation));
        }

        return previousSample.MoveToOuterDisposeScope();
    }
}

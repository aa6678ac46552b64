using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// Denoising diffusion probabilistic models (Ho et al. 2020) as diffusers' <c>DDPMScheduler</c> with
/// <c>variance_type = "fixed_small"</c>: the forward process for training (<see cref="AddNoise"/>, <see cref="GetVelocity"/>)
/// and ancestral sampling with the posterior variance β̃_t.
/// </summary>
public sealed class DdpmScheduler : DiffusionScheduler
{

    public DdpmScheduler(SchedulerConfig config)
        : base(config)
    {
    }

    /// <inheritdoc cref="NoiseSchedule.GetVelocity"/>
    public Tensor GetVelocity(Tensor originalSamples, Tensor noise, Tensor timesteps) =>
        NoiseSchedule.GetVelocity(originalSamples, noise, timesteps);

    /// <summary>The timestep visited after <paramref name="timestep"/>, or −1 after the last one.</summary>
    /// <exception cref="ArgumentException">The timestep is not one of <see cref="Timesteps"/>.</exception>
    public long PreviousTimestep(long timestep)
    {
        var index = Array.IndexOf(TimestepList, timestep);
        if (index < 0)
        {
            throw new ArgumentException($"timestep {timestep} is not one of the scheduler's {TimestepList.Length} timesteps", nameof(timestep));
        }

        return index == TimestepList.Length - 1 ? -1 : TimestepList[index + 1];
    }

    /// <summary>
    /// x_{t'} ~ q(x_{t'} | x_t, x̂₀) for the next visited timestep t', i.e. the posterior of DDPM eqs. 6–7 over the span
    /// t' → t, with variance β̃ (fixed_small) and no noise at t = 0.
    /// </summary>
    public override Tensor Step(Tensor modelOutput, long timestep, Tensor sample, Generator? generator = null)
    {
        using var scope = torch.NewDisposeScope();

        // 1. ᾱ_t, ᾱ_{t'} (1 past the end), and the span's own α = ᾱ_t / ᾱ_{t'} and β = 1 − α.
        var previousTimestep = PreviousTimestep(timestep);
        var alphaProduct = NoiseSchedule.AlphaCumprod(timestep);
        var alphaProductPrevious = previousTimestep >= 0 ? NoiseSchedule.AlphaCumprod(previousTimestep) : 1.0f;
        var betaProduct = 1 - alphaProduct;
        var betaProductPrevious = 1 - alphaProductPrevious;
        var currentAlpha = alphaProduct / alphaProductPrevious;
        var currentBeta = 1 - currentAlpha;

        // 2. x̂₀ from the network output (eq. 15), 3. clipped if configured.
        var predictedOriginal = ModelPrediction.OriginalSample(Config.PredictionType, modelOutput, sample, alphaProduct);
        if (Config.ClipSample)
        {
            predictedOriginal = predictedOriginal.ClampedTo(-Config.ClipSampleRange, Config.ClipSampleRange);
        }

        // 4. Posterior mean μ̃_t(x_t, x̂₀) (eq. 7).
        var originalCoefficient = MathF.Sqrt(alphaProductPrevious) * currentBeta / betaProduct;
        var sampleCoefficient = MathF.Sqrt(currentAlpha) * betaProductPrevious / betaProduct;
        var previousSample = predictedOriginal.Times(originalCoefficient).Plus(sample.Times(sampleCoefficient));

        // 5. Add √β̃ z, β̃ = (1 − ᾱ_{t'}) / (1 − ᾱ_t) · β (eq. 7), except at the last step.
        if (timestep > 0)
        {
            var variance = MathF.Max(betaProductPrevious / betaProduct * currentBeta, 1e-20f);
            var noise = ModelPrediction.StandardNormal(modelOutput, generator);
            previousSample = previousSample.Plus(noise.Times(MathF.Sqrt(variance)));
        }

        return previousSample.MoveToOuterDisposeScope();
    }
}

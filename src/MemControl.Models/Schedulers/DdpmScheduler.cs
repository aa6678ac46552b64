using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// Denoising diffusion probabilistic models (Ho et al. 2020) as diffusers' <c>DDPMScheduler</c> with
/// <c>variance_type = "fixed_small"</c>: the forward process for training (<see cref="AddNoise"/>, <see cref="GetVelocity"/>)
/// and ancestral sampling with the posterior variance β̃_t.
/// </summary>
public sealed class DdpmScheduler : IDiffusionScheduler
{
    private long[] timesteps;

    public DdpmScheduler(SchedulerConfig config)
    {
        Config = config;
        NoiseSchedule = new NoiseSchedule(config);
        timesteps = AllTimestepsDescending(config.NumTrainTimesteps);
    }

    public SchedulerConfig Config { get; }

    public NoiseSchedule NoiseSchedule { get; }

    public IReadOnlyList<long> Timesteps => timesteps;

    public double InitNoiseSigma => 1.0;

    /// <summary>The number of steps chosen by <see cref="SetTimesteps"/>; null while every training timestep is visited.</summary>
    public int? NumInferenceSteps { get; private set; }

    public void SetTimesteps(int numInferenceSteps)
    {
        timesteps = InferenceTimesteps.Descending(Config, numInferenceSteps);
        NumInferenceSteps = numInferenceSteps;
    }

    public Tensor ScaleModelInput(Tensor sample, long timestep) => sample.alias();

    /// <inheritdoc cref="NoiseSchedule.AddNoise"/>
    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps) =>
        NoiseSchedule.AddNoise(originalSamples, noise, timesteps);

    /// <inheritdoc cref="NoiseSchedule.GetVelocity"/>
    public Tensor GetVelocity(Tensor originalSamples, Tensor noise, Tensor timesteps) =>
        NoiseSchedule.GetVelocity(originalSamples, noise, timesteps);

    /// <summary>The timestep visited after <paramref name="timestep"/>, or −1 after the last one.</summary>
    /// <exception cref="ArgumentException">The timestep is not one of <see cref="Timesteps"/>.</exception>
    public long PreviousTimestep(long timestep)
    {
        var index = Array.IndexOf(timesteps, timestep);
        if (index < 0)
        {
            throw new ArgumentException($"timestep {timestep} is not one of the scheduler's {timesteps.Length} timesteps", nameof(timestep));
        }

        return index == timesteps.Length - 1 ? -1 : timesteps[index + 1];
    }

    /// <summary>
    /// x_{t'} ~ q(x_{t'} | x_t, x̂₀) for the next visited timestep t', i.e. the posterior of DDPM eqs. 6–7 over the span
    /// t' → t, with variance β̃ (fixed_small) and no noise at t = 0.
    /// </summary>
    public Tensor Step(Tensor modelOutput, long timestep, Tensor sample, Generator? generator = null)
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
            predictedOriginal = predictedOriginal.clamp(-Config.ClipSampleRange, Config.ClipSampleRange);
        }

        // 4. Posterior mean μ̃_t(x_t, x̂₀) (eq. 7).
        var originalCoefficient = MathF.Sqrt(alphaProductPrevious) * currentBeta / betaProduct;
        var sampleCoefficient = MathF.Sqrt(currentAlpha) * betaProductPrevious / betaProduct;
        var previousSample = (predictedOriginal * originalCoefficient) + (sample * sampleCoefficient);

        // 5. Add √β̃ z, β̃ = (1 − ᾱ_{t'}) / (1 − ᾱ_t) · β (eq. 7), except at the last step.
        if (timestep > 0)
        {
            var variance = MathF.Max(betaProductPrevious / betaProduct * currentBeta, 1e-20f);
            var noise = ModelPrediction.StandardNormal(modelOutput, generator);
            previousSample = previousSample + (noise * MathF.Sqrt(variance));
        }

        return previousSample.MoveToOuterDisposeScope();
    }

    private static long[] AllTimestepsDescending(int count) =>
        Enumerable.Range(0, count).Select(t => (long)(count - 1 - t)).ToArray();
}

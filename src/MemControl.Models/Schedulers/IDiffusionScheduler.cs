using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// What a sampling loop needs from a noise scheduler, whichever algorithm it runs (diffusers' SchedulerMixin contract):
/// <code>
/// scheduler.SetTimesteps(steps);
/// latents = noise * scheduler.InitNoiseSigma;
/// foreach (var t in scheduler.Timesteps)
///     latents = scheduler.Step(unet(scheduler.ScaleModelInput(latents, t), t, text), t, latents, generator);
/// </code>
/// Implementations keep per-run state (the step history of PNDM), so one instance serves one sampling loop at a time.
/// </summary>
public interface IDiffusionScheduler
{
    /// <summary>The settings the scheduler was built from.</summary>
    SchedulerConfig Config { get; }

    /// <summary>The forward process (β, ᾱ) shared with training.</summary>
    NoiseSchedule NoiseSchedule { get; }

    /// <summary>The timesteps to visit, in order; all T in decreasing order until <see cref="SetTimesteps"/> is called.</summary>
    IReadOnlyList<long> Timesteps { get; }

    /// <summary>Standard deviation of the initial noise (1 for the variance-preserving schedulers here).</summary>
    double InitNoiseSigma { get; }

    /// <summary>Chooses the timesteps for a run of <paramref name="numInferenceSteps"/> model evaluations and resets state.</summary>
    /// <exception cref="ArgumentException">The count is not in [1, T].</exception>
    void SetTimesteps(int numInferenceSteps);

    /// <summary>The model's input at <paramref name="timestep"/>; the identity for DDPM, DDIM and PNDM.</summary>
    Tensor ScaleModelInput(Tensor sample, long timestep);

    /// <summary>One reverse step: the sample at the previous timestep from the model's output at this one.</summary>
    /// <param name="modelOutput">The network's prediction (ε or v, per <see cref="SchedulerConfig.PredictionType"/>).</param>
    /// <param name="timestep">The current timestep, an element of <see cref="Timesteps"/>.</param>
    /// <param name="sample">x_t.</param>
    /// <param name="generator">Source of the step's noise where the algorithm adds some; null = torch's global generator.</param>
    Tensor Step(Tensor modelOutput, long timestep, Tensor sample, Generator? generator = null);

    /// <summary>x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (see <see cref="Schedulers.NoiseSchedule.AddNoise"/>).</summary>
    Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps);
}

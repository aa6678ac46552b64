using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// Pseudo numerical methods for diffusion models (Liu et al. 2022, "PNDM") in the form Stable Diffusion 1.x ships as its
/// default sampler: diffusers' <c>PNDMScheduler</c> with <c>skip_prk_steps = true</c>, i.e. PLMS — the linear multistep
/// (Adams–Bashforth) combination of past noise predictions (paper eq. 12) fed into the transfer φ of eq. 9, with a
/// two-evaluation warm-up in place of the Runge–Kutta steps.
/// </summary>
public sealed class PndmScheduler : DiffusionScheduler
{
    private readonly List<Tensor> history = [];   // ε̂ of the last (up to four) distinct timesteps, oldest first
    private int counter;
    private Tensor? warmUpSample;

    /// <exception cref="ArgumentException">The config is not a PNDM one.</exception>
    public PndmScheduler(SchedulerConfig config)
        : base(config)
    {
    }

    /// <summary>
    /// Spaces N timesteps t_0 &lt; … &lt; t_{N−1} as configured, then visits them from the top with t_{N−2} repeated:
    /// t_{N−1}, t_{N−2}, t_{N−2}, t_{N−3}, …, t_0 (N + 1 model evaluations). The repeat is the warm-up's second
    /// evaluation, which goes back to t_{N−1} (see <see cref="Step"/>). Clears the step history.
    /// </summary>
    public override void SetTimesteps(int numInferenceSteps)
    {
        var ascending = InferenceTimesteps.Ascending(Config, numInferenceSteps);
        var visited = new List<long>(ascending.Length + 1) { ascending[^1] };
        if (ascending.Length > 1)
        {
            visited.Add(ascending[^2]);
        }

        for (var k = ascending.Length - 2; k >= 0; k--)
        {
            visited.Add(ascending[k]);
        }

        TimestepList = [.. visited];
        NumInferenceSteps = numInferenceSteps;
        ResetHistory();
    }

    /// <summary>
    /// One PLMS step from <paramref name="timestep"/> to timestep − T div N. The first two calls are the warm-up: call 0 takes
    /// an Euler-like step with ε̂_0; call 1 (at the repeated timestep) evaluates there, averages with ε̂_0 and redoes the step
    /// from the first sample (a second-order Heun step). Later calls combine the last 2, 3 or 4 distinct ε̂ with
    /// Adams–Bashforth weights: (3, −1)/2, (23, −16, 5)/12, (55, −59, 37, −9)/24 (PNDM eq. 12).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="SetTimesteps"/> was not called.</exception>
    public override Tensor Step(Tensor modelOutput, long timestep, Tensor sample, Generator? generator = null)
    {
        if (NumInferenceSteps is not { } steps)
        {
            throw new InvalidOperationException("call SetTimesteps before Step: PNDM needs the number of inference steps");
        }

        using var scope = torch.NewDisposeScope();
        var stride = Config.NumTrainTimesteps / steps;
        var previousTimestep = timestep - stride;
        var from = timestep;
        var startSample = sample;
        Tensor combined;

        if (counter == 1)
        {
            // Warm-up, second evaluation: it was made at t − stride; step again from the first sample at t_{N−1}.
            previousTimestep = timestep;
            from = timestep + stride;
            combined = modelOutput.Plus(history[^1]).DividedBy(2);
            startSample = warmUpSample ?? throw new InvalidOperationException("PNDM lost its warm-up sample; call SetTimesteps again");
        }
        else
        {
            Remember(modelOutput);
            combined = history.Count switch
            {
                1 => modelOutput.alias(),
                2 => (history[^1].Times(3) - history[^2]).DividedBy(2),
                3 => (history[^1].Times(23) - history[^2].Times(16)).Plus(history[^3].Times(5)).DividedBy(12),
                _ => ((history[^1].Times(55) - history[^2].Times(59)).Plus(history[^3].Times(37)) - history[^4].Times(9)).DividedBy(24),
            };
        }

        var previousSample = Transfer(startSample, from, previousTimestep, combined);

        if (counter == 0)
        {
            ReplaceWarmUpSample(sample.detach().clone());
        }
        else if (counter == 1)
        {
            ReplaceWarmUpSample(null);
        }

        counter++;
        return previousSample.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The transfer φ(x_t, ε, t → t') of PNDM eq. 9: x_{t'} = √(ᾱ_{t'}/ᾱ_t) x_t − (ᾱ_{t'} − ᾱ_t) ε /
    /// (ᾱ_t √(1 − ᾱ_{t'}) + √(ᾱ_t (1 − ᾱ_t) ᾱ_{t'})), which is DDIM's η = 0 step rewritten; ε from v when v-predicting.
    /// </summary>
    private Tensor Transfer(Tensor sample, long timestep, long previousTimestep, Tensor modelOutput)
    {
        var alphaProduct = NoiseSchedule.AlphaCumprod(timestep);
        var alphaProductPrevious = NoiseSchedule.PreviousAlphaCumprod(previousTimestep);
        var betaProduct = 1 - alphaProduct;
        var betaProductPrevious = 1 - alphaProductPrevious;

        var noise = ModelPrediction.Noise(Config.PredictionType, modelOutput, sample, alphaProduct);
        var sampleCoefficient = MathF.Sqrt(alphaProductPrevious / alphaProduct);
        var noiseDenominator = (alphaProduct * MathF.Sqrt(betaProductPrevious))
                               + MathF.Sqrt(alphaProduct * betaProduct * alphaProductPrevious);
        return sample.Times(sampleCoefficient) - noise.Times((alphaProductPrevious - alphaProduct) / noiseDenominator);
    }

    /// <summary>Appends ε̂, keeping the four the 4th-order formula needs.</summary>
    private void Remember(Tensor modelOutput)
    {
        if (history.Count == 4)
        {
            history[0].Dispose();
            history.RemoveAt(0);
        }

        history.Add(modelOutput.detach().clone().DetachFromDisposeScope());
    }

    private void ReplaceWarmUpSample(Tensor? sample)
    {
        warmUpSample?.Dispose();
        warmUpSample = sample?.DetachFromDisposeScope();
    }

    private void ResetHistory()
    {
        foreach (var past in history)
        {
            past.Dispose();
        }

        history.Clear();
        ReplaceWarmUpSample(null);
        counter = 0;
    }
}

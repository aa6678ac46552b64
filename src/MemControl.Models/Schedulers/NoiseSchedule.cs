using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// The forward (noising) process shared by every scheduler: β_t from the config, α_t = 1 − β_t and
/// ᾱ_t = ∏_{s≤t} α_s (DDPM paper, Ho et al. 2020, §2), computed in float32 with torch as diffusers does, so ᾱ is
/// bit-for-bit the reference's. Also the training-side maps x₀, ε, t → x_t and → v.
/// </summary>
public sealed class NoiseSchedule
{
    private readonly float[] alphasCumprod;

    public NoiseSchedule(SchedulerConfig config)
    {
        if (config.FindProblem() is { } problem)
        {
            throw new ArgumentException($"scheduler config: '{problem.Key}' {problem.Message}", nameof(config));
        }

        using var scope = torch.NewDisposeScope();
        var betas = Betas(config);
        var alphas = betas.SubtractedFrom(1.0f);
        AlphasCumprod = torch.cumprod(alphas, 0).DetachFromDisposeScope();
        alphasCumprod = AlphasCumprod.data<float>().ToArray();
        NumTrainTimesteps = config.NumTrainTimesteps;
        FinalAlphaCumprod = config.SetAlphaToOne ? 1.0f : alphasCumprod[0];
    }

    /// <summary>T, the number of training timesteps.</summary>
    public int NumTrainTimesteps { get; }

    /// <summary>ᾱ_0 … ᾱ_{T−1}, float32 [T] on the CPU.</summary>
    public Tensor AlphasCumprod { get; }

    /// <summary>ᾱ used "before" timestep 0, by the last sampling step: 1 with set_alpha_to_one, else ᾱ_0.</summary>
    public float FinalAlphaCumprod { get; }

    /// <summary>ᾱ_t for 0 ≤ t &lt; T.</summary>
    public float AlphaCumprod(long timestep)
    {
        if (timestep < 0 || timestep >= NumTrainTimesteps)
        {
            throw new ArgumentOutOfRangeException(nameof(timestep), timestep, $"timestep must be in [0, {NumTrainTimesteps})");
        }

        return alphasCumprod[timestep];
    }

    /// <summary>ᾱ of a previous timestep, which is <see cref="FinalAlphaCumprod"/> once it falls below 0.</summary>
    public float PreviousAlphaCumprod(long previousTimestep) =>
        previousTimestep >= 0 ? AlphaCumprod(previousTimestep) : FinalAlphaCumprod;

    /// <summary>
    /// x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (DDPM eq. 4), with one timestep per batch item (int64 [B]) or one for all ([] or [1]).
    /// </summary>
    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps)
    {
        using var scope = torch.NewDisposeScope();
        var (sqrtAlpha, sqrtOneMinusAlpha) = Coefficients(originalSamples, timesteps);
        return (sqrtAlpha * originalSamples).Plus(sqrtOneMinusAlpha * noise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The v-prediction target v = √ᾱ_t ε − √(1 − ᾱ_t) x₀ (Salimans &amp; Ho 2022, §4), timesteps as in <see cref="AddNoise"/>.
    /// </summary>
    public Tensor GetVelocity(Tensor originalSamples, Tensor noise, Tensor timesteps)
    {
        using var scope = torch.NewDisposeScope();
        var (sqrtAlpha, sqrtOneMinusAlpha) = Coefficients(originalSamples, timesteps);
        return ((sqrtAlpha * noise) - (sqrtOneMinusAlpha * originalSamples)).MoveToOuterDisposeScope();
    }

    /// <summary>√ᾱ_t and √(1 − ᾱ_t) as [n, 1, …, 1] in the samples' device and dtype, ready to broadcast.</summary>
    private (Tensor SqrtAlpha, Tensor SqrtOneMinusAlpha) Coefficients(Tensor samples, Tensor timesteps)
    {
        var flat = timesteps.to(ScalarType.Int64, samples.device).flatten();
        if (flat.numel() > 0 && (flat.min().item<long>() < 0 || flat.max().item<long>() >= NumTrainTimesteps))
        {
            throw new ArgumentOutOfRangeException(nameof(timesteps), $"timesteps must be in [0, {NumTrainTimesteps})");
        }

        // As diffusers: ᾱ moved to the samples' device, then cast to their dtype, before the square roots.
        var alphas = AlphasCumprod.to(samples.device).to(samples.dtype).index_select(0, flat);
        var shape = new long[samples.dim()];
        Array.Fill(shape, 1L);
        shape[0] = flat.shape[0];
        return (alphas.sqrt().view(shape), alphas.SubtractedFrom(1.0).sqrt().view(shape));
    }

    private static Tensor Betas(SchedulerConfig config)
    {
        var steps = config.NumTrainTimesteps;
        if (config.TrainedBetas is { } trained)
        {
            return torch.tensor(trained.ToArray()).to(ScalarType.Float32);
        }

        return config.BetaSchedule switch
        {
            BetaSchedule.Linear => torch.linspace(config.BetaStart, config.BetaEnd, steps, ScalarType.Float32),
            // Latent diffusion's schedule: √β evenly spaced, squared.
            BetaSchedule.ScaledLinear =>
                torch.linspace(Math.Sqrt(config.BetaStart), Math.Sqrt(config.BetaEnd), steps, ScalarType.Float32).Squared(),
            BetaSchedule.SquaredcosCapV2 => torch.tensor(CosineBetas(steps)).to(ScalarType.Float32),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.BetaSchedule, "unknown beta schedule"),
        };
    }

    /// <summary>
    /// β_i = min(1 − ᾱ(t_{i+1}) / ᾱ(t_i), 0.999) with ᾱ(t) = cos²((t + 0.008) / 1.008 · π/2), t_i = i / T
    /// (Nichol &amp; Dhariwal 2021, eq. 17; s = 0.008), in float64 before the cast, as diffusers' betas_for_alpha_bar.
    /// </summary>
    private static double[] CosineBetas(int steps)
    {
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);

        var betas = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            betas[i] = Math.Min(1 - (AlphaBar((i + 1.0) / steps) / AlphaBar((double)i / steps)), 0.999);
        }

        return betas;
    }
}

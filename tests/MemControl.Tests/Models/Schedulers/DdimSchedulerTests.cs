using MemControl.Models.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Schedulers;

public sealed class DdimSchedulerTests
{
    [Theory]
    // leading: k · 100 + 1 (steps_offset 1), descending.
    [InlineData(TimestepSpacing.Leading, new long[] { 901, 801, 701, 601, 501, 401, 301, 201, 101, 1 })]
    // trailing: round(1000 − k · 100) − 1.
    [InlineData(TimestepSpacing.Trailing, new long[] { 999, 899, 799, 699, 599, 499, 399, 299, 199, 99 })]
    // linspace: round(k · 999 / 9) = round(k · 111).
    [InlineData(TimestepSpacing.Linspace, new long[] { 999, 888, 777, 666, 555, 444, 333, 222, 111, 0 })]
    public void SetTimesteps_10_spaces_timesteps_as_configured(TimestepSpacing spacing, long[] expected)
    {
        // Given
        var scheduler = new DdimScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim) with { TimestepSpacing = spacing });

        // When
        scheduler.SetTimesteps(10);

        // Then
        Assert.Equal(expected, scheduler.Timesteps);
    }

    [Fact]
    public void Deterministic_steps_with_the_true_noise_stay_on_the_forward_process_curve()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new DdimScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim));
        scheduler.SetTimesteps(10);
        var sample = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(scheduler.Timesteps[0]));

        // When: every step; the last one lands on ᾱ_0 (set_alpha_to_one false).
        var worst = 0f;
        for (var i = 0; i < scheduler.Timesteps.Count; i++)
        {
            var next = scheduler.Step(known.Noise, scheduler.Timesteps[i], sample);
            var target = i + 1 < scheduler.Timesteps.Count ? scheduler.Timesteps[i + 1] : 0;
            using var onCurve = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(target));
            worst = Math.Max(worst, SchedulerCase.MaxAbsDifference(onCurve, next));
            sample.Dispose();
            sample = next;
        }

        // Then
        sample.Dispose();
        Assert.True(worst < 1e-4f, $"largest distance from the curve {worst:E3}");
    }

    [Fact]
    public void A_v_prediction_step_equals_the_epsilon_step_of_the_same_x0_and_noise()
    {
        // Given
        using var known = new SchedulerCase();
        var epsilonScheduler = new DdimScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim));
        var velocityScheduler = new DdimScheduler(epsilonScheduler.Config with { PredictionType = PredictionType.VPrediction });
        epsilonScheduler.SetTimesteps(10);
        velocityScheduler.SetTimesteps(10);
        const long t = 601;
        using var noisy = epsilonScheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(t));
        using var velocity = epsilonScheduler.NoiseSchedule.GetVelocity(known.Original, known.Noise, SchedulerCase.Timestep(t));

        // When
        using var fromEpsilon = epsilonScheduler.Step(known.Noise.add(known.Perturbation), t, noisy);
        using var fromVelocity = velocityScheduler.Step(
            velocity + (known.Perturbation / Math.Sqrt(epsilonScheduler.NoiseSchedule.AlphaCumprod(t))), t, noisy);

        // Then: at the same x_t, the noise prediction ε + δ and the velocity prediction v + δ/√ᾱ mean the same x̂₀, so
        // both steps agree (ε̂ = √ᾱ v̂ + √(1−ᾱ) x_t).
        Assert.True(SchedulerCase.MaxAbsDifference(fromEpsilon, fromVelocity) < 1e-4f);
    }

    [Fact]
    public void Eta_1_adds_sigma_z_and_shrinks_the_direction_term_as_DDIM_eq_16()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new DdimScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim));
        scheduler.SetTimesteps(10);
        const long t = 501, previousT = 401;
        using var noisy = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(t));

        // When
        using var previous = scheduler.Step(known.Noise, t, noisy, eta: 1.0, new Generator(3));

        // Then: √ᾱ' x₀ + √(1 − ᾱ' − σ²) ε + σ z with σ² = (1 − ᾱ')/(1 − ᾱ) · (1 − ᾱ/ᾱ').
        double alphaBar = scheduler.NoiseSchedule.AlphaCumprod(t), alphaBarPrevious = scheduler.NoiseSchedule.AlphaCumprod(previousT);
        var variance = (1 - alphaBarPrevious) / (1 - alphaBar) * (1 - (alphaBar / alphaBarPrevious));
        using var z = torch.randn(known.Original.shape, generator: new Generator(3));
        using var expected = (known.Original * Math.Sqrt(alphaBarPrevious))
                             + (known.Noise * Math.Sqrt(1 - alphaBarPrevious - variance))
                             + (z * Math.Sqrt(variance));
        Assert.True(SchedulerCase.MaxAbsDifference(expected, previous) < 1e-4f);
    }

    [Fact]
    public void Step_before_SetTimesteps_says_to_call_it()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new DdimScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim));

        // When
        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Step(known.Noise, 999, known.Original));

        // Then
        Assert.Contains("SetTimesteps", error.Message);
    }

    [Fact]
    public void SetTimesteps_refuses_more_steps_than_training_timesteps()
    {
        // Given
        var scheduler = new DdimScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim));

        // When
        var error = Assert.Throws<ArgumentException>(() => scheduler.SetTimesteps(1001));

        // Then
        Assert.Contains("1001", error.Message);
    }
}

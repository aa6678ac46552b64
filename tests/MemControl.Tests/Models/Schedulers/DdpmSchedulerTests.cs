using MemControl.Models.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Schedulers;

public sealed class DdpmSchedulerTests
{
    [Fact]
    public void SetTimesteps_10_spaces_leading_from_900_down_to_0()
    {
        // Given: DDPMScheduler defaults, steps_offset 0.
        var scheduler = new DdpmScheduler(SchedulerConfig.Defaults(DiffusionSchedulers.Ddpm));

        // When
        scheduler.SetTimesteps(10);

        // Then: k · (1000 div 10), k = 9 … 0.
        Assert.Equal([900L, 800, 700, 600, 500, 400, 300, 200, 100, 0], scheduler.Timesteps);
        Assert.Equal(800, scheduler.PreviousTimestep(900));
        Assert.Equal(-1, scheduler.PreviousTimestep(0));
    }

    [Fact]
    public void Before_SetTimesteps_every_training_timestep_is_visited_from_the_top()
    {
        // Given
        var scheduler = new DdpmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddpm));

        // When
        var timesteps = scheduler.Timesteps;

        // Then
        Assert.Equal(1000, timesteps.Count);
        Assert.Equal(999, timesteps[0]);
        Assert.Equal(0, timesteps[^1]);
    }

    [Fact]
    public void Step_at_t_0_with_the_true_noise_returns_x0()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new DdpmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddpm));
        using var noisy = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(0));

        // When
        using var previous = scheduler.Step(known.Noise, 0, noisy);

        // Then: at t = 0 the posterior mean is x̂₀ itself and no noise is added.
        Assert.True(SchedulerCase.MaxAbsDifference(known.Original, previous) < 1e-4f);
    }

    [Fact]
    public void Step_with_the_true_noise_samples_the_posterior_q_of_x_t_minus_1_given_x_t_and_x0()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new DdpmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddpm));
        const long t = 500;
        using var noisy = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(t));

        // When
        using var previous = scheduler.Step(known.Noise, t, noisy, new Generator(7));

        // Then: DDPM eqs. 6–7 with x₀ known: mean √ᾱ_{t−1} β_t/(1−ᾱ_t) x₀ + √α_t (1−ᾱ_{t−1})/(1−ᾱ_t) x_t,
        // variance β̃_t = (1−ᾱ_{t−1})/(1−ᾱ_t) β_t, and the step's z is the first draw of a generator seeded 7.
        double alphaBar = scheduler.NoiseSchedule.AlphaCumprod(t), alphaBarPrevious = scheduler.NoiseSchedule.AlphaCumprod(t - 1);
        var beta = 1 - (alphaBar / alphaBarPrevious);
        var mean = (known.Original * (Math.Sqrt(alphaBarPrevious) * beta / (1 - alphaBar)))
                   + (noisy * (Math.Sqrt(1 - beta) * (1 - alphaBarPrevious) / (1 - alphaBar)));
        using var z = torch.randn(known.Original.shape, generator: new Generator(7));
        using var expected = mean + (z * Math.Sqrt((1 - alphaBarPrevious) / (1 - alphaBar) * beta));
        Assert.True(SchedulerCase.MaxAbsDifference(expected, previous) < 1e-5f);
    }

    [Fact]
    public void AddNoise_with_one_timestep_applies_it_to_the_whole_batch()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new DdpmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddpm));
        double alphaBar = scheduler.NoiseSchedule.AlphaCumprod(250);

        // When
        using var noisy = scheduler.AddNoise(known.Original, known.Noise, torch.tensor(250L));

        // Then: x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε (DDPM eq. 4).
        using var expected = (known.Original * Math.Sqrt(alphaBar)) + (known.Noise * Math.Sqrt(1 - alphaBar));
        Assert.True(SchedulerCase.MaxAbsDifference(expected, noisy) < 1e-6f);
    }

    [Fact]
    public void AddNoise_refuses_a_timestep_outside_the_training_range()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new DdpmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddpm));

        // When
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(1000)));

        // Then
        Assert.Contains("1000", error.Message);
    }
}

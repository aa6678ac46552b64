using MemControl.Models.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Schedulers;

public sealed class PndmSchedulerTests
{
    /// <summary>
    /// SD-1.5 (T = 1000, leading, steps_offset 1), N = 50. Derivation: stride r = 1000 div 50 = 20, so the spaced
    /// timesteps are t_k = 20k + 1 for k = 0 … 49, i.e. 1, 21, …, 961, 981. PLMS without Runge–Kutta visits them from the
    /// top with the second one repeated for the warm-up's second evaluation: 981, 961, 961, 941, 921, …, 21, 1 —
    /// 51 evaluations for 50 steps.
    /// </summary>
    [Fact]
    public void SetTimesteps_50_for_SD15_visits_981_then_961_twice_then_down_to_1_by_20()
    {
        // Given
        var scheduler = new PndmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Pndm));
        long[] expected = [981, 961, .. Enumerable.Range(0, 49).Select(k => 961L - (20 * k))];

        // When
        scheduler.SetTimesteps(50);

        // Then
        Assert.Equal(51, expected.Length);
        Assert.Equal(expected, scheduler.Timesteps);
    }

    /// <summary>N = 4: r = 250, spaced 1, 251, 501, 751; visited 751, 501, 501, 251, 1.</summary>
    [Fact]
    public void SetTimesteps_4_for_SD15_repeats_the_second_timestep()
    {
        // Given
        var scheduler = new PndmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Pndm));

        // When
        scheduler.SetTimesteps(4);

        // Then
        Assert.Equal([751L, 501, 501, 251, 1], scheduler.Timesteps);
    }

    [Fact]
    public void The_first_step_is_the_deterministic_DDIM_step()
    {
        // Given
        using var known = new SchedulerCase();
        var pndm = new PndmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Pndm));
        var ddim = new DdimScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim));
        pndm.SetTimesteps(10);
        ddim.SetTimesteps(10);
        using var noisy = pndm.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(901));
        using var prediction = known.Noise + known.Perturbation;

        // When
        using var fromPndm = pndm.Step(prediction, 901, noisy);
        using var fromDdim = ddim.Step(prediction, 901, noisy, eta: 0);

        // Then: PNDM's transfer φ (eq. 9) is DDIM's η = 0 update written differently.
        Assert.True(SchedulerCase.MaxAbsDifference(fromDdim, fromPndm) < 1e-5f);
    }

    /// <summary>
    /// The network's prediction at the k-th evaluation is ε + d_k δ: wrong by a multiple of δ. The deviations are chosen
    /// so that the combination PLMS forms each time is exactly ε, which puts every output from the second one on on the
    /// forward-process curve √ᾱ x₀ + √(1−ᾱ) ε. That happens only if the warm-up averages with the first prediction and
    /// restarts from the first sample, the history drops the warm-up's second prediction, and the Adams–Bashforth
    /// weights and their order are right: d_0 = 1, d_1 = −1 (average 0); then d_new solves
    /// (3 d_new − d_{−1})/2 = 0, (23 d_new − 16 d_{−1} + 5 d_{−2})/12 = 0 and (55 d_new − 59 d_{−1} + 37 d_{−2} − 9 d_{−3})/24 = 0
    /// over the deviations of the history (PNDM eq. 12).
    /// </summary>
    [Fact]
    public void Predictions_whose_PLMS_combination_is_the_true_noise_keep_every_step_on_the_forward_curve()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new PndmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Pndm));
        scheduler.SetTimesteps(10);
        var timesteps = scheduler.Timesteps;   // 901, 801, 801, 701, …, 1
        var sample = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(timesteps[0]));
        var history = new List<double>();      // deviations of the predictions PLMS keeps, oldest first

        // When
        var distances = new List<float>();
        for (var call = 0; call < timesteps.Count; call++)
        {
            var deviation = NextDeviation(call, history);
            if (call != 1)
            {
                history.Add(deviation);
            }

            using var prediction = known.Noise + (known.Perturbation * deviation);
            var next = scheduler.Step(prediction, timesteps[call], sample);
            var landsAt = call + 1 < timesteps.Count ? timesteps[call + 1] : 0;   // the last step lands on ᾱ_0
            if (call == 1)
            {
                landsAt = timesteps[1];
            }

            using var onCurve = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(landsAt));
            distances.Add(SchedulerCase.MaxAbsDifference(onCurve, next));
            sample.Dispose();
            sample = next;
        }

        // Then: the first output is off the curve (its prediction is ε + δ); every later one is on it.
        sample.Dispose();
        Assert.Equal(11, distances.Count);
        Assert.True(distances[0] > 1e-2f, $"first step should be off the curve, distance {distances[0]:E3}");
        Assert.All(distances.Skip(1), distance => Assert.True(distance < 1e-4f, $"distance from the curve {distance:E3}"));
    }

    [Fact]
    public void SetTimesteps_clears_the_history_so_a_second_run_repeats_the_first()
    {
        // Given
        using var known = new SchedulerCase();
        var scheduler = new PndmScheduler(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Pndm));
        using var start = scheduler.AddNoise(known.Original, known.Noise, SchedulerCase.Timestep(751));

        // When
        using var first = Run(scheduler, start, known);
        using var second = Run(scheduler, start, known);

        // Then
        Assert.Equal(0f, SchedulerCase.MaxAbsDifference(first, second));
    }

    private static double NextDeviation(int call, List<double> history) => call switch
    {
        0 => 1.0,
        1 => -1.0,   // averaged with d_0 by the warm-up
        _ => history.Count switch
        {
            1 => history[^1] / 3,
            2 => ((16 * history[^1]) - (5 * history[^2])) / 23,
            _ => ((59 * history[^1]) - (37 * history[^2]) + (9 * history[^3])) / 55,
        },
    };

    private static Tensor Run(PndmScheduler scheduler, Tensor start, SchedulerCase known)
    {
        scheduler.SetTimesteps(4);
        var sample = start.alias();
        var call = 0;
        foreach (var t in scheduler.Timesteps)
        {
            // A "network" whose prediction changes with the sample, so history and warm-up state matter.
            using var prediction = known.Noise + (sample * 0.1) + (known.Perturbation * call++);
            var next = scheduler.Step(prediction, t, sample);
            sample.Dispose();
            sample = next;
        }

        return sample;
    }
}

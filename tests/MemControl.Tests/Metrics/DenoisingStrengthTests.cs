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

public class DenoisingStrengthTests
{
    // 4 × 4 × 4 latents: 64 elements, so ‖Δ‖₂ = |Δ| · 8.
    private static Tensor TextStates(params float[] levels) =>
        stack(levels.Select(level => full([3, 5], level)).ToArray());

    [Fact]
    public void The_norm_of_the_conditional_gap_is_measured_per_sample()
    {
        // Given
        var conditional = stack([full([4, 4, 4], 1.5f), full([4, 4, 4], 0.25f)]);
        var unconditional = stack([full([4, 4, 4], 1f), full([4, 4, 4], 1f)]);

        // When
        var strengths = DenoisingStrength.PerSample(conditional, unconditional);

        // Then: |0.5|·8 and |−0.75|·8
        Assert.Equal([4.0, 6.0], strengths);
    }

    [Fact]
    public void Sampling_with_guidance_averages_the_strength_over_steps()
    {
        // Given: prompts with mean 0.5 and 2.0, empty caption 0; 3 steps of x ← x − 0.1 ε̂
        var model = new KnownNoisePredictor();
        var latents = zeros([2, 4, 4, 4]);

        // When
        var (final, tracker) = DenoisingStrength.DuringSampling(model, latents, TextStates(0.5f, 2f), TextStates(0f),
            [900, 500, 100], 7.5, (x, eps, _) => x - eps * 0.1f);

        // Then: the gap does not depend on x or t: d = 0.5·8 = 4 and 2·8 = 16 at every step
        Assert.Equal(3, tracker.Steps);
        Assert.Equal(4.0, tracker.PerGeneration[0], 1e-6);
        Assert.Equal(16.0, tracker.PerGeneration[1], 1e-6);
        Assert.Equal(10.0, tracker.Mean, 1e-6);
        Assert.Equal(6, model.Calls);
        final.Dispose();
    }
}

public class MemorizationObjectiveTests
{
    private static Tensor AddNoise(Tensor original, Tensor noise, Tensor timesteps)
    {
        var alpha = (1 - timesteps.to(ScalarType.Float32) / 1000f).reshape(-1, 1, 1, 1);
        return alpha.sqrt() * original + (1 - alpha).sqrt() * noise;
    }

    private static Tensor TextStates(params float[] levels) =>
        stack(levels.Select(level => full([3, 5], level)).ToArray());

    [Fact]
    public void Paper_objective_aggregates_fixed_draw_strengths_by_max_or_mean()
    {
        // Given: three memorization samples whose captions have means 1, 3, 2 (empty caption 0), 4 timesteps each
        using var probe = new DenoisingStrengthProbe(randn([3, 4, 4, 4]), TextStates(1f, 3f, 2f), TextStates(0f), AddNoise,
            timestepsPerSample: 4, seed: 5, batchSize: 5);
        var model = new KnownNoisePredictor();

        // When
        var byMax = MemorizationObjective.Paper(probe).Evaluate(model);
        var byMean = MemorizationObjective.Paper(probe, ScoreAggregation.Mean).Evaluate(model);

        // Then: d_i = 8 · mean(c_i)
        Assert.Equal([8.0, 24.0, 16.0], byMax.PerSample.Select(v => Math.Round(v, 5)));
        Assert.Equal(24.0, byMax.Value, 1e-5);
        Assert.Equal(16.0, byMean.Value, 1e-5);
    }

    [Fact]
    public void The_draws_are_fixed_so_a_model_scores_the_same_every_time()
    {
        // Given: a model whose gap depends on x_t (so on the noise and timestep drawn)
        using var probe = new DenoisingStrengthProbe(randn([2, 4, 4, 4]), TextStates(1f, 1f), TextStates(0f), AddNoise, seed: 11);
        var model = new GapFromLatents();

        // When
        var first = probe.Measure(model);
        var second = probe.Measure(model);

        // Then
        Assert.Equal(first, second);
        Assert.True(first[0] > 0);
    }

    [Fact]
    public void Ratio_objective_divides_by_the_plain_prompt_score()
    {
        // Given: memorization captions 4, 2; plain captions 1, 2 → max 32 over max 16
        using var memorization = new DenoisingStrengthProbe(randn([2, 4, 4, 4]), TextStates(4f, 2f), TextStates(0f), AddNoise);
        using var plain = new DenoisingStrengthProbe(randn([2, 4, 4, 4]), TextStates(1f, 2f), TextStates(0f), AddNoise);

        // When
        var score = MemorizationObjective.Ratio(memorization, plain).Evaluate(new KnownNoisePredictor());

        // Then
        Assert.Equal(16.0, score.PlainValue!.Value, 1e-5);
        Assert.Equal(2.0, score.Value, 1e-6);
    }

    [Fact]
    public void Copying_objective_samples_each_prompt_and_scores_copies_of_its_own_image()
    {
        // Given: prompt 0 copies its image exactly, prompt 1 draws something far from everything
        var training = cat([full([1, 1, 8, 8], -0.8f), full([1, 1, 8, 8], 0.8f)], 0);
        var objective = MemorizationObjective.Copying(training, [0, 1], samplesPerPrompt: 2);
        Tensor Sampler(int prompt, int count) => prompt == 0 ? full([count, 1, 8, 8], -0.8f) : full([count, 1, 8, 8], 0f);

        // When
        var score = objective.Evaluate(null, Sampler);

        // Then: shares 1 and 0, mean 0.5
        Assert.Equal([1.0, 0.0], score.PerSample);
        Assert.Equal(0.5, score.Value);
    }

    private sealed class GapFromLatents : INoisePredictor
    {
        public Tensor Predict(Tensor latents, Tensor timesteps, Tensor textStates) =>
            latents * textStates.mean([1, 2]).reshape(-1, 1, 1, 1);
    }
}

using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

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

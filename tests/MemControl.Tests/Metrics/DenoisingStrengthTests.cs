using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

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

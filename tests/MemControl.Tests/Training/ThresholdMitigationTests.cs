using MemControl.Training.Mitigation;

namespace MemControl.Tests.Training;

public sealed class ThresholdMitigationTests
{
    [Fact]
    public void A_fixed_tau_drops_exactly_the_samples_at_or_above_it()
    {
        var threshold = ThresholdMitigation.Parse("2.5");

        var keep = threshold.Keep([1.0, 2.5, 3.0, 2.49]);

        Assert.Equal([true, false, false, true], keep);
    }

    [Fact]
    public void Auto_drops_the_top_tenth_of_the_batch_rounded_up()
    {
        var threshold = ThresholdMitigation.Parse("auto");
        var strengths = Enumerable.Range(0, 11).Select(i => (double)((i * 7) % 11)).ToArray();

        var keep = threshold.Keep(strengths);

        // ⌈0.1 × 11⌉ = 2: the two largest strengths (10 and 9) go.
        Assert.Equal(9, keep.Count(k => k));
        Assert.False(keep[Array.IndexOf(strengths, 10.0)]);
        Assert.False(keep[Array.IndexOf(strengths, 9.0)]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("lots")]
    public void Nonsense_thresholds_are_refused_saying_what_a_threshold_is(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ThresholdMitigation.Parse(value));

        Assert.Equal($"threshold needs a positive τ or 'auto' (threshold:2.5, threshold:auto), not '{value}'", error.Message);
    }
}

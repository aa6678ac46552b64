namespace MemControl.Tests.Data.Support;

/// <summary>Tolerances for rate tests: a count of n Bernoulli(p) trials lies within k binomial SDs of n·p.</summary>
public static class Binomial
{
    public static void AssertRate(int hits, int trials, double p, double standardDeviations = 4)
    {
        var sd = Math.Sqrt(trials * p * (1 - p));
        var expected = trials * p;
        Assert.True(Math.Abs(hits - expected) <= standardDeviations * sd,
            $"{hits} of {trials} is not within {standardDeviations} SD ({standardDeviations * sd:0.0}) of {expected:0.0} (p = {p})");
    }
}

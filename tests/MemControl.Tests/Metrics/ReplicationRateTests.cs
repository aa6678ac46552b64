using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;

namespace MemControl.Tests.Metrics;

public class ReplicationRateTests
{
    [Fact]
    public void Counts_generations_above_the_threshold_and_reports_the_baseline()
    {
        // Given: training e1, e2, e3 (mutually orthogonal: baseline similarity 0); generated: one near e1 (cos 0.98),
        // one between e2 and e3 (cos 0.707), one near nothing (cos 0.4 at best)
        var training = new FeatureMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3);
        var generated = FeatureMatrix.FromRows([[1f, 0.2f, 0f], [0f, 1f, 1f], [0.4f, 0.4f, 0.4f]]);
        using var search = new NearestNeighbourSearch(training, NeighbourMetric.Cosine);
        var baseline = NeighbourBaseline.Of(search, training);

        // When
        var result = ReplicationRate.Measure(generated, search, baseline);

        // Then: 0.98, 0.707 and 1/√3 ≈ 0.577 all pass 0.5; no training image passes it against another
        Assert.Equal(0.5, result.Threshold);
        Assert.Equal(1.0, result.Rate, 1e-12);
        Assert.Equal(0.0, result.BaselineRate);
        Assert.Equal(0, result.Nearest[0].Index);
        Assert.Contains("SSCD", result.ThresholdSource);
    }

    [Fact]
    public void A_threshold_calibrated_on_the_baseline_follows_the_training_neighbours()
    {
        // Given: training pairs that are close (cos 0.99) — in this space 0.5 would call every real image a copy
        var training = FeatureMatrix.FromRows([[1f, 0.1f, 0f], [1f, 0f, 0.1f], [0f, 1f, 0.1f], [0.1f, 1f, 0f]]);
        var generated = FeatureMatrix.FromRows([[1f, 0.05f, 0.05f], [0.7f, 0.7f, 0f]]);
        using var search = new NearestNeighbourSearch(training, NeighbourMetric.Cosine);
        var baseline = NeighbourBaseline.Of(search, training);

        // When
        var fixedResult = ReplicationRate.Measure(generated, search, baseline);
        var calibrated = ReplicationRate.Measure(generated, search, baseline, ReplicationThreshold.FromBaseline(0.5));

        // Then: the fixed 0.5 is passed by every training image's own neighbour; the calibrated one is the baseline median
        Assert.Equal(1.0, fixedResult.BaselineRate);
        Assert.Equal(baseline.Quantile(0.5), calibrated.Threshold, 1e-12);
        Assert.InRange(calibrated.Threshold, 0.98, 0.995);
        Assert.Equal(0.5, calibrated.Rate, 1e-12); // (1, .05, .05) has cos 0.9975 with row 0; (0.7, 0.7, 0) does not pass
    }
}

using MemControl.Metrics.Features;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// AMD (Bai et al. 2021, as MemControl paper §3.2): mean over generated images of the minimum over training images of
/// the cosine distance 1 − |cos(f(g), f(t))| in one feature space. Higher = further from the training set = less
/// memorization.
/// </summary>
public static class AverageMinimumDistance
{
    /// <summary>AMD of <paramref name="generated"/> against the training features searched by <paramref name="training"/>.</summary>
    /// <param name="training">A search built with <see cref="NeighbourMetric.AbsoluteCosine"/>.</param>
    public static double Compute(FeatureMatrix generated, NearestNeighbourSearch training)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(training);
        if (training.Metric != NeighbourMetric.AbsoluteCosine)
        {
            throw new ArgumentException($"training: AMD needs an AbsoluteCosine search, got {training.Metric}", nameof(training));
        }

        // min_t (1 − |cos|) = 1 − max_t |cos|: the nearest neighbour under |cos|.
        return training.Nearest(generated).Average(n => 1 - n.Value);
    }

    /// <summary>AMD of <paramref name="generated"/> against <paramref name="training"/> (builds a search once).</summary>
    public static double Compute(FeatureMatrix generated, FeatureMatrix training)
    {
        using var search = new NearestNeighbourSearch(training, NeighbourMetric.AbsoluteCosine);
        return Compute(generated, search);
    }
}

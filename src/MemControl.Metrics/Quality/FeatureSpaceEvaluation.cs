using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;

namespace MemControl.Metrics.Quality;

/// <summary>FD, AMD and MiFID from one set of features (docs/decisions.md §8 rows FID, AMD, MiFID).</summary>
public static class FeatureSpaceEvaluation
{
    /// <param name="featureSpace">Name of the feature space (the extractor's <see cref="IImageFeatureExtractor.FeatureSpaceName"/>).</param>
    /// <param name="real">Features of the held-out prompts' real images.</param>
    /// <param name="generated">Features of the images generated for those prompts.</param>
    /// <param name="training">Features of the training images (for AMD).</param>
    public static FeatureSpaceScores Evaluate(string featureSpace, FeatureMatrix real, FeatureMatrix generated, FeatureMatrix training)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featureSpace);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(training);
        var frechet = FrechetDistance.Between(real, generated);
        var amd = AverageMinimumDistance.Compute(generated, training);
        return new FeatureSpaceScores(featureSpace, frechet, amd, MiFid.Compute(frechet, amd), real.Count, generated.Count);
    }
}

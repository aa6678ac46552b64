using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Copying where the training image of each prompt is known (docs/decisions.md §8): per memorization prompt, the share of its samples
/// whose per-pixel RMS to their own training image is below τ <i>and</i> whose nearest training image (by RMS) is that
/// own image. τ defaults to 0.075 on the [0, 1] scale, the value that sat below every memorization image's nearest other
/// training image in the CPU prototype (0.1 was too loose: docs/prototype.md); each result reports that check.
/// </summary>
public static class CopyingScore
{
    /// <summary>The prototype's τ.</summary>
    public const double DefaultThreshold = 0.075;

    /// <param name="samplesPerPrompt">Per prompt, its samples <c>[S, C, H, W]</c> in [-1, 1].</param>
    /// <param name="ownTrainingIndex">Per prompt, the row of its training image in <paramref name="trainingImages"/>.</param>
    /// <param name="trainingImages">The training images <c>[T, C, H, W]</c> in [-1, 1] (at least 2; the nearest-image test searches them).</param>
    /// <param name="threshold">τ, RMS on the [0, 1] scale.</param>
    public static CopyingResult Measure(IReadOnlyList<Tensor> samplesPerPrompt, IReadOnlyList<int> ownTrainingIndex,
        Tensor trainingImages, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(samplesPerPrompt);
        ArgumentNullException.ThrowIfNull(ownTrainingIndex);
        ArgumentNullException.ThrowIfNull(trainingImages);
        if (samplesPerPrompt.Count != ownTrainingIndex.Count || samplesPerPrompt.Count == 0)
        {
            throw new ArgumentException($"{samplesPerPrompt.Count} sample sets for {ownTrainingIndex.Count} training indices");
        }

        var trainingCount = (int)trainingImages.shape[0];
        if (trainingCount < 2)
        {
            throw new ArgumentException("trainingImages: at least 2 are needed for the nearest-image test", nameof(trainingImages));
        }

        if (threshold <= 0)
        {
            throw new ArgumentException($"threshold: must be positive, got {threshold}", nameof(threshold));
        }

        var prompts = new List<PromptCopying>();
        for (var p = 0; p < samplesPerPrompt.Count; p++)
        {
            var own = ownTrainingIndex[p];
            if (own < 0 || own >= trainingCount)
            {
                throw new ArgumentException($"ownTrainingIndex[{p}] = {own} is outside 0..{trainingCount - 1}", nameof(ownTrainingIndex));
            }

            var toTraining = PixelDistance.Rms(samplesPerPrompt[p], trainingImages); // [S, T]
            var sampleCount = toTraining.GetLength(0);
            var copied = 0;
            var ownDistances = new double[sampleCount];
            for (var s = 0; s < sampleCount; s++)
            {
                ownDistances[s] = toTraining[s, own];
                var nearest = Enumerable.Range(0, trainingCount).MinBy(t => toTraining[s, t]);
                if (ownDistances[s] < threshold && nearest == own)
                {
                    copied++;
                }
            }

            using var ownImage = trainingImages.narrow(0, own, 1);
            var ownToTraining = PixelDistance.Rms(ownImage, trainingImages);
            var nearestOther = Enumerable.Range(0, trainingCount).Where(t => t != own).Min(t => ownToTraining[0, t]);
            prompts.Add(new PromptCopying(p, own, copied / (double)sampleCount, ownDistances.Min(), ownDistances.Average(), nearestOther));
        }

        return new CopyingResult(prompts, threshold);
    }
}

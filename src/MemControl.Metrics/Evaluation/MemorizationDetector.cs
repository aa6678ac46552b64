using MemControl.Models.Pipelines;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Per-prompt memorization score for detection (Wen et al. 2024): d = ‖ε̂(x_t, t, c) − ε̂(x_t, t, ∅)‖₂ over the first
/// step(s) of sampling, averaged over a few starting noises. The threshold decision needs a threshold in this model's
/// units: given, or calibrated as a high quantile of the scores of prompts known not to be memorized
/// (<see cref="CalibrateThreshold"/>), so its false-positive rate on such prompts is about 1 − quantile.
/// </summary>
public sealed class MemorizationDetector(StableDiffusion model)
{
    public IReadOnlyList<PromptDetection> Score(IReadOnlyList<string> prompts, DetectionOptions options, Action<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var sampler = new EvaluationSampler(model, options.Seed);
        var perGeneration = sampler.MeasureEarlyStrength(prompts, options.GenerationsPerPrompt, options.Steps, options.FirstSteps,
            options.GuidanceScale, options.BatchSize, (done, total) => progress?.Invoke(new EvaluationProgress("scoring prompts", done, total)),
            cancellationToken);
        var n = options.GenerationsPerPrompt;
        return prompts.Select((prompt, p) =>
        {
            var scores = perGeneration[(p * n)..((p + 1) * n)];
            return new PromptDetection(prompt, scores.Average(), scores);
        }).ToArray();
    }

    /// <summary>The <paramref name="quantile"/>-quantile (linear between order statistics) of non-memorized prompts' scores.</summary>
    public static double CalibrateThreshold(IReadOnlyList<double> plainScores, double quantile)
    {
        ArgumentNullException.ThrowIfNull(plainScores);
        if (plainScores.Count == 0)
        {
            throw new ArgumentException($"{nameof(plainScores)}: no prompt to calibrate on");
        }

        if (quantile is <= 0 or >= 1 || double.IsNaN(quantile))
        {
            throw new ArgumentException($"{nameof(quantile)}: must lie in (0, 1), got {quantile}");
        }

        var sorted = plainScores.Order().ToArray();
        var position = quantile * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}

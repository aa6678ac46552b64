namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Denoising strength during sampling (Wen et al.; paper Eq. 6), mean over generations: on the held-out (plain) prompts
/// and, with a memorization set, on its prompts; their ratio cancels the general rise of the score that tuning attention
/// causes without copying (docs/prototype.md).
/// </summary>
public sealed record DenoisingStrengthFigures(double HeldOutMean, double? MemorizationMean, double? MemorizationToHeldOutRatio);

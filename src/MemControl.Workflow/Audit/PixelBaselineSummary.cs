namespace MemControl.Workflow.Audit;

/// <summary>
/// Train-to-train nearest-other RMS pixel distances (gray, comparison size, [0, 1] scale) over up to 1000 evenly
/// spaced probes: a generated image closer to a training image than <see cref="Minimum"/> is closer than any two
/// distinct training images are to each other. <see cref="ShareLinkedAtExtractionThreshold"/>: the share of probed
/// training images whose nearest other one is already "linked" by the extraction attack's max-over-tiles RMS &lt; τ —
/// the attack's τ was set for natural images, and alike images (chest X-rays) may link without any copying.
/// </summary>
public sealed record PixelBaselineSummary(
    int Probes, double Minimum, double Median, int GeneratedBelowMinimum, double ShareLinkedAtExtractionThreshold);

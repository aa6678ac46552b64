namespace MemControl.Cli.Commands.Audit;

/// <summary>
/// Train-to-train nearest-other RMS pixel distances (gray, comparison size, [0, 1] scale) over up to 1000 evenly
/// spaced probes: a generated image closer to a training image than <see cref="Minimum"/> is closer than any two
/// distinct training images are to each other. Null when the training set has one image.
/// </summary>
public sealed record PixelBaselineSummary(int Probes, double Minimum, double Median, int GeneratedBelowMinimum);

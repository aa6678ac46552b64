using MemControl.Metrics.Evaluation;

namespace MemControl.Metrics.Memorization;

/// <summary>Copy thresholds calibrated on training images (<see cref="ThresholdCalibration"/>), with the distances they came from.</summary>
/// <param name="Copying">Copying τ: whole-image RMS on the [0, 1] scale.</param>
/// <param name="Extraction">Extraction-attack τ: largest tile RMS on the [0, 1] scale.</param>
/// <param name="PixelBaseline">Per probed training image, the whole-image RMS to its nearest other training image.</param>
/// <param name="TileBaseline">Per probed training image, the largest tile RMS to its nearest other training image.</param>
/// <param name="Source">How the values were set, for reports.</param>
public sealed record CalibratedThresholds(double Copying, double Extraction, NeighbourBaseline PixelBaseline, NeighbourBaseline TileBaseline, string Source)
{
    /// <summary>The evaluation settings with both thresholds replaced by these.</summary>
    public EvaluationOptions ApplyTo(EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { CopyingThreshold = Copying, Extraction = options.Extraction with { Threshold = Extraction } };
    }
}

using MemControl.Metrics.Evaluation;

namespace MemControl.Workflow.Detection;

/// <summary>
/// The JSON a <c>detect</c> run prints (<c>--json</c>) or writes (<c>--out</c>); docs/formats.md.
/// </summary>
/// <param name="Version">Format version (1).</param>
/// <param name="Loaded">What was loaded, in words.</param>
/// <param name="Options">The detector's settings.</param>
/// <param name="Threshold">The threshold used, or null when none was given or calibrated.</param>
/// <param name="ThresholdSource">Where it came from.</param>
/// <param name="Prompts">Per prompt: its score, per-generation scores and the decision.</param>
public sealed record DetectionFile(int Version, string Loaded, DetectionOptions Options, double? Threshold, string ThresholdSource,
    IReadOnlyList<DetectedPrompt> Prompts)
{
    public const int CurrentVersion = 1;
}

namespace MemControl.Workflow.Detection;

/// <summary>One prompt in <see cref="DetectionFile"/>: score and decision (null without a threshold).</summary>
public sealed record DetectedPrompt(string Prompt, double Score, IReadOnlyList<double> PerGeneration, bool? Memorized);

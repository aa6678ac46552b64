namespace MemControl.Workflow.Pretraining;

/// <summary>
/// The figures that show a pre-trained model is a reasonable base: FD-ResNet18 between its generations for held-out
/// captions and those held-out images, beside the same distance between held-out and training images (the floor a
/// perfect model would reach with this many images). Null when the check was skipped.
/// </summary>
public sealed record PretrainCheckResult(string SamplesFile, int FdImages, double? FdGenerated, double? FdReal, int SamplingSteps, double GuidanceScale);

namespace MemControl.Training.Pretraining;

/// <summary>What a pre-training run did: its steps, the loss of every step, the images it could not decode, its wall time.</summary>
public sealed record PretrainResult(int Steps, IReadOnlyList<double> Losses, IReadOnlyList<string> SkippedImages, double Seconds);

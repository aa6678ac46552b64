using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>Generates <paramref name="count"/> images <c>[count, C, H, W]</c> in [-1, 1] for memorization prompt <paramref name="promptIndex"/>.</summary>
public delegate Tensor PromptSampler(int promptIndex, int count);

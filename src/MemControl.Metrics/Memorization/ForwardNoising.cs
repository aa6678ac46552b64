using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>The forward process q(x_t | x_0): the scheduler's <c>AddNoise(original, noise, timesteps)</c>.</summary>
public delegate Tensor ForwardNoising(Tensor originalSamples, Tensor noise, Tensor timesteps);

using static TorchSharp.torch;

namespace MemControl.Models.Runtime;

/// <summary>
/// What one <see cref="GradientCheckpoint.Run"/> call needs again in backward: the function, how many of the
/// autograd inputs are function inputs, and the parameters that follow them. Passed as the first (non-tensor) argument of the node.
/// </summary>
internal sealed record CheckpointState(Func<Tensor?[], Tensor[]> Function, int InputCount, IReadOnlyList<Tensor> Parameters);

using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Runtime;

/// <summary>
/// Activation (gradient) checkpointing: runs a function without keeping its intermediate activations, and runs it
/// again with gradients during the backward pass to get them back — memory for compute, as torch.utils.checkpoint
/// (Chen et al. 2016, "Training deep nets with sublinear memory cost"). TorchSharp 0.107 has no torch.utils.checkpoint,
/// so this is a custom autograd function (<see cref="torch.autograd.MultiTensorFunction{T}"/>).
/// </summary>
/// <remarks>
/// The trainable parameters the function reads are passed as inputs of the autograd node, so their gradients come out
/// of the node like an input's (unlike PyTorch's reentrant checkpoint, which loses them when no input needs a
/// gradient — the usual case for an adapter inside a frozen network). The function must compute the same thing twice:
/// no dropout or other randomness (the RNG state is not replayed).
/// </remarks>
public static class GradientCheckpoint
{
    /// <summary>
    /// Returns <paramref name="function"/>(<paramref name="inputs"/>). When gradients are being recorded and an input or
    /// one of <paramref name="parameters"/> needs one, only the inputs and outputs are kept; backward recomputes the
    /// function. Null inputs are passed through as null. Outputs must be new tensors (not an input itself).
    /// </summary>
    public static Tensor[] Run(Func<Tensor?[], Tensor[]> function, Tensor?[] inputs, IEnumerable<Tensor> parameters)
    {
        var trainable = parameters.Where(p => p.requires_grad).ToArray();
        if (!is_grad_enabled() || (trainable.Length == 0 && !inputs.Any(input => input is { requires_grad: true })))
        {
            return function(inputs);
        }

        object?[] vars = [new CheckpointState(function, inputs.Length, trainable), .. inputs, .. trainable];
        return [.. CheckpointFunction.apply(vars!)];
    }
}

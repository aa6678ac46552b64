using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace MemControl.Models.Runtime;

/// <summary>
/// The autograd node behind <see cref="GradientCheckpoint"/>. Arguments: a <see cref="CheckpointState"/>, the function's
/// inputs (tensors or null), then the trainable parameters it reads. Forward runs the function with gradients off
/// (TorchSharp's apply already disables them); backward reruns it with gradients on from detached copies of the saved
/// inputs and returns d(outputs)/d(inputs, parameters) for the incoming output gradients.
/// </summary>
internal sealed class CheckpointFunction : MultiTensorFunction<CheckpointFunction>
{
    private const string StateKey = "state";

    private static long recomputations;

    public override string Name => nameof(CheckpointFunction);

    /// <summary>How many times a backward pass has recomputed a function (lets tests see that checkpointing ran).</summary>
    internal static long Recomputations => Interlocked.Read(ref recomputations);

    public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
    {
        var state = (CheckpointState)vars[0];
        var inputs = Inputs(vars, state);
        ctx.save_data(StateKey, state);
        ctx.save_for_backward([.. inputs.Select(input => input!)]);

        // A scope of its own: the function's intermediates are freed here, not when the caller's scope ends (which
        // would keep every block's activations alive until the end of the UNet's forward and defeat the purpose).
        using var scope = NewDisposeScope();
        var outputs = state.Function(inputs);
        return [.. outputs.Select(output => output.MoveToOuterDisposeScope())];
    }

    public override List<Tensor> backward(AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var state = (CheckpointState)ctx.get_data(StateKey);
        var saved = ctx.get_saved_variables();
        var parameters = state.Parameters;

        List<Tensor> result;
        using (var scope = NewDisposeScope())
        {
            using var gradients = enable_grad();
            var inputs = saved
                .Select(input => input is null || input.IsInvalid ? null : input.detach().requires_grad_(input.requires_grad))
                .ToArray();
            var outputs = state.Function(inputs);
            Interlocked.Increment(ref recomputations);

            var wanted = inputs.Where(input => input is { requires_grad: true }).Select(input => input!).Concat(parameters).ToList();
            var differentiable = Enumerable.Range(0, outputs.Length).Where(i => outputs[i].requires_grad).ToList();
            var grads = grad(
                [.. differentiable.Select(i => outputs[i])],
                wanted,
                [.. differentiable.Select(i => grad_outputs[i])],
                allow_unused: true);

            // One entry per forward argument: null for the state, each input's gradient (null when it needs none or
            // did not influence the outputs), then each parameter's.
            var next = 0;
            result = [null!];
            foreach (var input in inputs)
            {
                result.Add(input is { requires_grad: true } ? Defined(grads[next++]) : null!);
            }

            result.AddRange(parameters.Select(_ => Defined(grads[next++])));
            foreach (var gradient in result.Where(g => g is not null))
            {
                gradient.MoveToOuterDisposeScope();
            }
        }

        return result;
    }

    private static Tensor?[] Inputs(object[] vars, CheckpointState state) =>
        [.. vars.Skip(1).Take(state.InputCount).Select(v => v as Tensor)];

    private static Tensor Defined(Tensor gradient) => gradient.IsInvalid ? null! : gradient;
}

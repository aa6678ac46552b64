using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Training.Optimization;

/// <summary>
/// TorchSharp's AdamW with the same update, state and checkpoint format, whose temporaries live for one tensor's update
/// instead of the whole step. TorchSharp 0.107's <c>AdamW.step</c> runs every parameter's update inside one dispose
/// scope, so each parameter's two temporaries (√v̂ and its quotient) are kept until the last parameter is done: two
/// extra copies of everything trained — 6.9 GB for SD-1.5's full fine-tuning, which then no longer fits in 24 GB
/// (docs/scale.md). Here the denominator is formed in place in one temporary that is freed at once. Loshchilov &amp;
/// Hutter's decoupled weight decay, as torch.optim.AdamW: θ ← θ(1 − ηλ); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// θ ← θ − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε). The class keeps TorchSharp's name: a saved optimizer state starts
/// with the optimizer's type name and is refused under another, so checkpoints written before this class resume.
/// </summary>
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    public AdamW(IEnumerable<ParamGroup> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters, lr, beta1, beta2, eps, weightDecay)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
        {
            using var grad = enable_grad();
            loss = closure();
        }

        using var noGrad = no_grad();
        foreach (var group in ParamGroups.Cast<ParamGroup>())
        {
            var options = (Options)group.Options;
            if (options.amsgrad == true || options.maximize == true)
            {
                throw new NotSupportedException("this AdamW implements AdamW without amsgrad and maximize (the fine-tuning uses neither)");
            }

            var (beta1, beta2, eps) = (options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
            var (rate, decay) = (options.LearningRate!.Value, options.weight_decay!.Value);
            foreach (var parameter in group.Parameters)
            {
                using var scope = NewDisposeScope();
                var gradient = parameter.grad;
                if (gradient is null)
                {
                    continue;
                }

                var state = (State)_state[parameter.Handle];
                state.step += 1;
                var correction1 = 1 - Math.Pow(beta1, state.step);
                var correction2 = 1 - Math.Pow(beta2, state.step);

                // Every number as a Scalar held by a using until the op has returned (TensorArithmetic says why).
                using Scalar decayFactor = (1 - (rate * decay)).ToScalar(), b1 = beta1.ToScalar(), oneMinusB1 = (1 - beta1).ToScalar(),
                    b2 = beta2.ToScalar(), oneMinusB2 = (1 - beta2).ToScalar(), root2 = Math.Sqrt(correction2).ToScalar(),
                    epsilon = eps.ToScalar(), one = 1.ToScalar(), stepSize = (-(rate / correction1)).ToScalar();
                parameter.mul_(decayFactor);
                state.exp_avg.mul_(b1).add_(gradient, alpha: oneMinusB1);
                state.exp_avg_sq.mul_(b2).addcmul_(gradient, gradient, value: oneMinusB2);
                var denominator = state.exp_avg_sq.sqrt().div_(root2).add_(epsilon, one);
                parameter.addcdiv_(state.exp_avg, denominator, value: stepSize);
            }
        }

        return loss!;
    }
}

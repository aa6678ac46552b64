using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Training;

/// <summary>
/// float32 master copies of the trainable tensors for mixed precision (Micikevicius et al. 2018): the optimizer, its
/// state, clipping, the EMA and checkpoints work on the masters; the model computes with its own (possibly half)
/// tensors, which get the masters' values after each step. A trainable tensor that is already float32 (PEFT's added
/// tensors always are, docs/peft.md) is its own master, so LoRA or SV-DIFF cost no second copy.
/// </summary>
public sealed class MasterWeights : IDisposable
{
    private readonly IReadOnlyList<Parameter> model;

    public MasterWeights(IReadOnlyList<Parameter> modelParameters)
    {
        model = modelParameters;
        Masters = modelParameters
            .Select(p => p.dtype == ScalarType.Float32 ? p : new Parameter(p.detach().to(ScalarType.Float32).clone(), requires_grad: true))
            .ToList();
    }

    /// <summary>The float32 tensors the optimizer trains, in the order of the model's trainable tensors.</summary>
    public IReadOnlyList<Parameter> Masters { get; }

    /// <summary>The master of a model tensor (itself when it is float32).</summary>
    public Parameter MasterOf(Parameter parameter)
    {
        for (var i = 0; i < model.Count; i++)
        {
            if (ReferenceEquals(model[i], parameter) || model[i].Handle == parameter.Handle)
            {
                return Masters[i];
            }
        }

        throw new ArgumentException("not one of the trainable tensors", nameof(parameter));
    }

    /// <summary>Clears the model tensors' gradients (and the masters').</summary>
    public void ZeroGradients()
    {
        foreach (var parameter in model.Concat(Masters))
        {
            parameter.grad?.zero_();
        }
    }

    /// <summary>
    /// Sets each master's gradient to the model tensor's gradient divided by <paramref name="divisor"/> (the loss scale
    /// times the number of samples the summed loss covered). Returns false when any gradient is not finite.
    /// </summary>
    public bool GradientsToMasters(double divisor)
    {
        using var noGrad = no_grad();
        // One Scalar for every gradient, kept alive by the using until the last div_ has returned (TensorArithmetic).
        using var divisorScalar = divisor.ToScalar();
        var finite = true;
        for (var i = 0; i < model.Count; i++)
        {
            var gradient = model[i].grad;
            if (gradient is null)
            {
                continue;
            }

            if (ReferenceEquals(Masters[i], model[i]))
            {
                gradient.div_(divisorScalar);
            }
            else
            {
                using var scaled = gradient.to(ScalarType.Float32).div_(divisorScalar);
                if (Masters[i].grad is { } existing)
                {
                    existing.copy_(scaled);
                }
                else
                {
                    Masters[i].grad = scaled.clone();
                }
            }

            // A scope per tensor: the check's boolean copy is as large as the tensor (860 MB for SD-1.5's full fine-tuning).
            using (NewDisposeScope())
            {
                finite &= Masters[i].grad!.isfinite().all().item<bool>();
            }
        }

        return finite;
    }

    /// <summary>Copies the masters' values into the model's tensors (rounded to their dtype).</summary>
    public void MastersToModel()
    {
        using var noGrad = no_grad();
        for (var i = 0; i < model.Count; i++)
        {
            if (!ReferenceEquals(Masters[i], model[i]))
            {
                model[i].copy_(Masters[i]);
            }
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < model.Count; i++)
        {
            if (!ReferenceEquals(Masters[i], model[i]))
            {
                Masters[i].Dispose();
            }
        }
    }
}

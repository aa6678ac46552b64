using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.DiffFit;

/// <summary>
/// DiffFit's γ, whatever the wrapped module's number of inputs: output · γ, γ init 1 (so an untrained layer changes
/// nothing), and how γ folds into plain weights. <see cref="ScaleLayer"/> and <see cref="ScaleLayer2"/> only call it.
/// </summary>
internal static class OutputScale
{
    public const string GammaName = "difffit_gamma";

    /// <summary>γ's initial value: 1.</summary>
    public static Tensor InitialGamma() => ones(1);

    /// <summary>
    /// The wrapped module's output (<paramref name="callBase"/>, run inside this scope so it is freed here) scaled by γ,
    /// in the output's dtype: γ itself stays float32.
    /// </summary>
    public static Tensor Apply(Func<Tensor> callBase, Parameter gamma)
    {
        using var scope = NewDisposeScope();
        var output = callBase();
        return (output * gamma.to(output.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Folds γ into the wrapped Linear, or the attention's to_out.0 / the FeedForward's net.2, and returns the plain module;
    /// where no exact fold exists, freezes γ and returns null (the layer stays as a frozen scaling layer).
    /// </summary>
    public static nn.Module? Merge(IPeftLayer layer)
    {
        var gamma = layer.AdapterParameter(GammaName);
        if (TryFold(layer.Base, gamma.detach()))
        {
            return layer.Base;
        }

        gamma.requires_grad = false;
        return null;
    }

    // The last weighted layer of a diffusers attention (to_out.0; to_out.1 is dropout, which is linear) and of a
    // FeedForward (net.2): scaling the module's output equals scaling that layer's weight and bias.
    private static readonly string[] LastLinearPaths = ["to_out.0", "net.2"];

    /// <summary>Folds γ into <paramref name="module"/>; returns false when no exact fold exists.</summary>
    private static bool TryFold(nn.Module module, Tensor gamma)
    {
        var linear = module as Linear ?? FindLastLinear(module);
        if (linear is null)
        {
            return false;
        }

        using (no_grad())
        {
            linear.weight.mul_(gamma.to(linear.weight.dtype));
            linear.bias?.mul_(gamma.to(linear.bias.dtype));
        }

        return true;
    }

    private static Linear? FindLastLinear(nn.Module module)
    {
        foreach (var path in LastLinearPaths)
        {
            var current = module;
            foreach (var name in path.Split('.'))
            {
                current = current?.named_children().FirstOrDefault(child => child.name == name).module;
            }

            if (current is Linear linear)
            {
                return linear;
            }
        }

        return null;
    }
}

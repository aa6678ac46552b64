using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.DiffFit;

/// <summary>How a DiffFit scale folds into plain weights (shared by the one- and two-input scale layers).</summary>
internal static class OutputScale
{
    public const string GammaName = "difffit_gamma";

    // The last weighted layer of a diffusers attention (to_out.0; to_out.1 is dropout, which is linear) and of a
    // FeedForward (net.2): scaling the module's output equals scaling that layer's weight and bias.
    private static readonly string[] LastLinearPaths = ["to_out.0", "net.2"];

    /// <summary>Folds γ into <paramref name="module"/>; returns false when no exact fold exists.</summary>
    public static bool TryFold(nn.Module module, Tensor gamma)
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

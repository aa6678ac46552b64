using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Blocks;

/// <summary>Builds GroupNorm layers with PyTorch's initial values.</summary>
public static class GroupNorms
{
    /// <summary>
    /// A <c>GroupNorm</c> with weight 1 and bias 0, as PyTorch's <c>reset_parameters</c> leaves it. TorchSharp 0.107's
    /// <c>nn.GroupNorm</c> allocates both with <c>torch.empty</c> and never fills them, so a freshly built model
    /// (random-weight benchmarks, pre-training from scratch) would otherwise normalise with uninitialised memory.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(long groups, long channels, double eps)
    {
        var norm = nn.GroupNorm(groups, channels, eps);
        using (no_grad())
        {
            nn.init.ones_(norm.weight);
            nn.init.zeros_(norm.bias!);
        }

        return norm;
    }
}

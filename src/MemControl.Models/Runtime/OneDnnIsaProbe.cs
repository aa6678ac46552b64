using static TorchSharp.torch;

namespace MemControl.Models.Runtime;

/// <summary>
/// Checks whether this process's oneDNN convolution kernels give right float32 input gradients for the narrow layers
/// that were wrong on some AMD EPYC CPUs (docs/performance.md, "oneDNN ISA"): 3 × 3 convolutions with 1–8 output
/// channels, stride 1 and 2. The reference is the same convolution in float64, which libtorch does not run through
/// oneDNN.
/// </summary>
public static class OneDnnIsaProbe
{
    /// <summary>Float32 rounding gives about 1e-6 here; the broken kernels were off by up to 0.9 or NaN.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// Passes over the layers: the broken kernels were wrong in 9 to 100 of 100 passes (docs/models.md), so 20 rounds
    /// of 7 layers miss a 9 % failure rate with probability below 1e-5.
    /// </summary>
    private const int Rounds = 20;

    /// <summary>(input channels, output channels, stride, side) of the checked layers; conv_out is 320 → 4.</summary>
    private static readonly (long In, long Out, long Stride, long Size)[] Layers =
    [
        (4, 1, 1, 16), (4, 2, 2, 16), (8, 4, 1, 16), (32, 4, 2, 16), (320, 4, 1, 8), (16, 8, 1, 16), (8, 8, 2, 16),
    ];

    /// <summary>Runs the check under whatever ISA oneDNN uses in this process (a few tens of milliseconds).</summary>
    public static IsaProbeResult Check()
    {
        var worst = 0.0;
        var generator = new Generator(7);
        foreach (var (inChannels, outChannels, stride, size) in Enumerable.Repeat(Layers, Rounds).SelectMany(l => l))
        {
            using var scope = NewDisposeScope();
            var weight = randn([outChannels, inChannels, 3, 3], generator: generator);
            var input = randn([2, inChannels, size, size], generator: generator);
            var input32 = input.clone().requires_grad_();
            var input64 = input.to_type(ScalarType.Float64).requires_grad_();
            var output32 = nn.functional.conv2d(input32, weight, strides: [stride, stride], padding: [1, 1]);
            var upstream = randn(output32.shape, generator: generator);
            output32.mul(upstream).sum().backward();
            var output64 = nn.functional.conv2d(input64, weight.to_type(ScalarType.Float64), strides: [stride, stride], padding: [1, 1]);
            output64.mul(upstream.to_type(ScalarType.Float64)).sum().backward();
            var error = RelativeError(input32.grad!, input64.grad!);
            worst = double.IsNaN(error) || double.IsNaN(worst) ? double.NaN : Math.Max(worst, error);
        }

        return new IsaProbeResult(worst, worst <= Tolerance);
    }

    private static double RelativeError(Tensor float32, Tensor float64)
    {
        using var difference = float32.to_type(ScalarType.Float64).sub(float64).abs().max();
        using var scale = float64.abs().max();
        return difference.item<double>() / Math.Max(scale.item<double>(), 1e-12);
    }
}

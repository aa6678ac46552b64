using MemControl.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Runtime;

/// <summary>
/// Guards the oneDNN kernel choice (CpuKernels): with libtorch 2.10's AVX2/AVX-512 kernels on this project's CPUs,
/// float32 convolution input gradients came out up to 90 % wrong for narrow layers; with SSE4.1 they equal float64.
/// </summary>
public sealed class CpuKernelsTests
{
    [Theory]
    [InlineData(4, 4, 8)]
    [InlineData(8, 8, 4)]
    [InlineData(32, 4, 8)]
    [InlineData(128, 3, 8)]
    public void Float32_convolution_input_gradients_equal_the_float64_ones(long inChannels, long outChannels, long size)
    {
        // Given the same layer, input and upstream gradient in float32 and float64
        var generator = new Generator(3);
        using var conv = nn.Conv2d(inChannels, outChannels, 3, stride: 1, padding: 1);
        using var input = randn([2, inChannels, size, size], generator: generator);
        using var upstream = randn([2, outChannels, size, size], generator: generator);
        using var input32 = input.clone().requires_grad_();
        using var input64 = input.to_type(ScalarType.Float64).requires_grad_();

        // When
        (conv.call(input32) * upstream).sum().backward();
        conv.to(ScalarType.Float64);
        (conv.call(input64) * upstream.to_type(ScalarType.Float64)).sum().backward();

        // Then: only float32 rounding
        var relative = DiffusersParityWeights.MaxRelativeDifference(input32.grad!, input64.grad!);
        Assert.InRange(relative, 0.0, 1e-5);
    }
}

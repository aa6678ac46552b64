using MemControl.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Blocks;

public sealed class NarrowOutputConv2dTests
{
    [Theory]
    [InlineData(32, 4)]
    [InlineData(128, 3)]
    [InlineData(32, 8)]
    public void Input_gradient_in_float32_equals_the_float64_gradient(long inChannels, long outChannels)
    {
        // Given: the same layer and input in float32 and float64, and a random upstream gradient
        manual_seed(3);
        using var conv = new NarrowOutputConv2d(inChannels, outChannels, 3, padding: 1);
        using var input = randn(2, inChannels, 8, 8);
        using var upstream = randn(2, outChannels, 8, 8);
        using var input32 = input.clone().requires_grad_();
        using var input64 = input.to_type(ScalarType.Float64).requires_grad_();

        // When
        (conv.call(input32) * upstream).sum().backward();
        conv.to(ScalarType.Float64);
        (conv.call(input64) * upstream.to_type(ScalarType.Float64)).sum().backward();

        // Then: float32 rounding only (plain Conv2d is ~40 % off here with libtorch 2.10 on the CPU)
        var relative = DiffusersParityWeights.MaxRelativeDifference(input32.grad!, input64.grad!);
        Assert.InRange(relative, 0.0, 1e-5);
    }

    [Fact]
    public void Output_equals_a_plain_convolution_with_the_same_weights()
    {
        // Given
        manual_seed(4);
        using var conv = new NarrowOutputConv2d(32, 4, 3, padding: 1);
        using var input = randn(2, 32, 5, 7);
        var state = conv.state_dict();

        // When
        using var output = conv.call(input);
        using var reference = nn.functional.conv2d(input, state["weight"], state["bias"], padding: [1, 1]);

        // Then
        Assert.Equal([2L, 4, 5, 7], output.shape);
        Assert.InRange(DiffusersParityWeights.MaxAbsDifference(output, reference), 0.0, 1e-6);
        Assert.Equal(["bias", "weight"], state.Keys.Order());
    }
}

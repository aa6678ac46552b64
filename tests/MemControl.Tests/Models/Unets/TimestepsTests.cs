using MemControl.Models.Unets;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Unets;

public sealed class TimestepsTests
{
    [Theory]
    [InlineData(true, 0.0)]
    [InlineData(false, 1.0)]
    public void Embedding_equals_the_closed_form_sinusoid(bool flipSinToCos, double freqShift)
    {
        // Given
        const int channels = 8;
        const int half = channels / 2;
        long[] steps = [0, 7, 999];
        using var timesteps = new MemControl.Models.Unets.Timesteps(channels, flipSinToCos, freqShift);

        // When
        using var embedding = timesteps.call(tensor(steps));

        // Then: angle_k = t · exp(−ln(10000) · k / (half − shift)); [sin, cos], or [cos, sin] when flipped
        var values = embedding.data<float>().ToArray();
        for (var row = 0; row < steps.Length; row++)
        {
            for (var k = 0; k < half; k++)
            {
                var angle = steps[row] * Math.Exp(-Math.Log(10000.0) * k / (half - freqShift));
                var (first, second) = flipSinToCos ? (Math.Cos(angle), Math.Sin(angle)) : (Math.Sin(angle), Math.Cos(angle));
                Assert.Equal(first, values[(row * channels) + k], 3e-4);
                Assert.Equal(second, values[(row * channels) + half + k], 3e-4);
            }
        }
    }
}

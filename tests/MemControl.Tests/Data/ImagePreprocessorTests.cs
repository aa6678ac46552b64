using MemControl.Data.Images;
using MemControl.Tests.Data.Support;
using TorchSharp;

namespace MemControl.Tests.Data;

public sealed class ImagePreprocessorTests
{
    [Fact]
    public void Gray_is_repeated_to_three_channels_and_scaled_to_minus_one_one()
    {
        // Given
        var image = TestImages.Gray(2, 2, (y, x) => (y * 2) + x == 0 ? 0f : (y * 2) + x == 3 ? 1f : 0.5f);
        var preprocessor = new ImagePreprocessor(2, 3);

        // When
        using var tensor = preprocessor.ToTensor(image);

        // Then
        Assert.Equal([3L, 2, 2], tensor.shape);
        Assert.Equal(torch.ScalarType.Float32, tensor.dtype);
        var values = tensor.data<float>().ToArray();
        Assert.Equal([-1f, 0f, 0f, 1f, -1f, 0f, 0f, 1f, -1f, 0f, 0f, 1f], values);
    }

    [Fact]
    public void Rgb_becomes_bt601_luminance_for_a_one_channel_model()
    {
        // Given: pure red
        var pixels = new float[12];
        Array.Fill(pixels, 1f, 0, 4);
        var image = new ImageData(3, 2, 2, pixels);

        // When
        var values = new float[4];
        new ImagePreprocessor(2, 1).Prepare(image, values);

        // Then
        Assert.All(values, v => Assert.Equal((2 * 0.299f) - 1, v, 5));
    }

    [Fact]
    public void An_image_of_the_wrong_size_is_refused()
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => new ImagePreprocessor(4, 1).ToTensor(TestImages.Gray(2, 2, (_, _) => 0)));
    }
}

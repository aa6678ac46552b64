namespace MemControl.Data.Images;

/// <summary>An image as planar float pixels in [0, 1], laid out [channel, row, column]; 1 channel (gray) or 3 (RGB).</summary>
public sealed class ImageData
{
    public ImageData(int channels, int height, int width, float[] pixels)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "an image has 1 or 3 channels");
        }

        if (pixels.Length != channels * height * width)
        {
            throw new ArgumentException($"expected {channels}×{height}×{width} pixels, got {pixels.Length}", nameof(pixels));
        }

        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public float[] Pixels { get; }
}

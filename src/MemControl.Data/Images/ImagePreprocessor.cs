using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Data.Images;

/// <summary>
/// Turns a dataset image into model input (docs/decisions.md §2): the model's square size, values scaled from [0, 1] to [-1, 1],
/// and the model's channel count — gray repeated to 3 channels for SD-1.x checkpoints, RGB averaged to luminance
/// (ITU-R BT.601 weights) for a one-channel model.
/// </summary>
public sealed class ImagePreprocessor
{
    public ImagePreprocessor(int size, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "the model takes 1 or 3 channels");
        }

        Size = size;
        Channels = channels;
    }

    public int Size { get; }

    public int Channels { get; }

    /// <summary>Values per image: channels × size × size.</summary>
    public int ValuesPerImage => Channels * Size * Size;

    /// <summary>Loads item <paramref name="index"/> and writes its model input into <paramref name="destination"/>.</summary>
    public void Prepare(IImageCaptionDataset dataset, int index, Span<float> destination) =>
        Prepare(dataset.LoadImage(index, Size), destination);

    public void Prepare(ImageData image, Span<float> destination)
    {
        if (image.Width != Size || image.Height != Size)
        {
            throw new ArgumentException($"expected a {Size}×{Size} image, got {image.Width}×{image.Height}", nameof(image));
        }

        if (destination.Length != ValuesPerImage)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, need {ValuesPerImage}", nameof(destination));
        }

        var plane = Size * Size;
        var pixels = image.Pixels;
        if (image.Channels == Channels)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                destination[i] = (2f * pixels[i]) - 1f;
            }
        }
        else if (image.Channels == 1)
        {
            for (var c = 0; c < Channels; c++)
            {
                for (var i = 0; i < plane; i++)
                {
                    destination[(c * plane) + i] = (2f * pixels[i]) - 1f;
                }
            }
        }
        else
        {
            for (var i = 0; i < plane; i++)
            {
                var luminance = (0.299f * pixels[i]) + (0.587f * pixels[plane + i]) + (0.114f * pixels[(2 * plane) + i]);
                destination[i] = (2f * luminance) - 1f;
            }
        }
    }

    /// <summary>The model input of one image as a float32 tensor [C, H, W].</summary>
    public Tensor ToTensor(ImageData image)
    {
        var values = new float[ValuesPerImage];
        Prepare(image, values);
        return torch.tensor(values, [Channels, Size, Size], ScalarType.Float32);
    }
}

using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Metrics.Features;

/// <summary>
/// Turns images in the data layer's convention (<c>[N, C, H, W]</c>, C = 1 or 3, RGB, values in [-1, 1]) into the
/// input an ONNX feature model expects, as its <see cref="OnnxFeatureExtractorOptions"/> contract says.
/// </summary>
public sealed class FeatureInputPreprocessor
{
    private readonly OnnxFeatureExtractorOptions _options;

    public FeatureInputPreprocessor(OnnxFeatureExtractorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The model input for <paramref name="images"/>: float32 <c>[N, 3, S, S]</c> on the CPU, contiguous.</summary>
    public Tensor Prepare(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
        {
            throw new ArgumentException(
                $"images: expected [N, 1 or 3, H, W], got [{string.Join(", ", images.shape)}]", nameof(images));
        }

        using var scope = NewDisposeScope();
        var size = _options.InputSize;

        // 1. Resize to S × S. Bilinear; antialiased when shrinking so a large X-ray is averaged, not aliased.
        var pixels = images.detach().to(ScalarType.Float32, CPU);
        if (pixels.shape[2] != size || pixels.shape[3] != size)
        {
            var shrinking = pixels.shape[2] > size || pixels.shape[3] > size;
            pixels = nn.functional.interpolate(
                pixels, [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: shrinking);
        }

        // 2. [-1, 1] → [0, 1]; gray → three equal planes; RGB → the model's channel order.
        // Numbers go through TensorArithmetic, which keeps their Scalars alive for libtorch (issue 20 item 6).
        pixels = pixels.Plus(1).DividedBy(2).ClampedTo(0, 1);
        if (pixels.shape[1] == 1)
        {
            pixels = pixels.expand(-1, 3, -1, -1);
        }

        if (_options.ChannelOrder == ChannelOrder.Bgr)
        {
            pixels = pixels.flip(1);
        }

        // 3. Scale, then subtract the mean image or the per-channel mean, then divide by the std.
        pixels = _options.Scaling switch
        {
            PixelScaling.ZeroTo255 => pixels.Times(255),
            PixelScaling.ZeroToOne => pixels,
            PixelScaling.MinusOneToOne => pixels.Times(2).Minus(1),
            _ => throw new ArgumentException($"Scaling: unknown value {_options.Scaling}"),
        };
        if (_options.MeanImage is { } meanImage)
        {
            pixels = pixels - tensor(meanImage, [1, 3, size, size]);
        }
        else if (_options.ChannelMean is { } channelMean)
        {
            pixels = pixels - tensor(channelMean, [1, 3, 1, 1]);
        }

        if (_options.ChannelStd is { } channelStd)
        {
            pixels = pixels / tensor(channelStd, [1, 3, 1, 1]);
        }

        return pixels.contiguous().MoveToOuterDisposeScope();
    }
}

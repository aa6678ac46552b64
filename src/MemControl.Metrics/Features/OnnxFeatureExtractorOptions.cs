namespace MemControl.Metrics.Features;

/// <summary>
/// How to run an ONNX image model as a feature extractor: the model and its <b>input contract</b>.
/// <para>
/// Contract: the model takes one float32 input <c>[N, 3, InputSize, InputSize]</c> (planar, NCHW). Each image is
/// resized (bilinear) to <see cref="InputSize"/>², gray images are repeated into three channels, the planes are put
/// in <see cref="ChannelOrder"/>, values are mapped to <see cref="Scaling"/>, then <see cref="MeanImage"/> (per pixel)
/// or <see cref="ChannelMean"/> (per channel) is subtracted and the result divided by <see cref="ChannelStd"/>.
/// Means and stds are given in the scaled units and in the model's channel order. The feature of an image is the
/// model's output for it, flattened (e.g. <c>[N, 512, 1, 1]</c> → 512 values).
/// </para>
/// Example: a torchvision-style model wants Rgb, ZeroToOne, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).
/// </summary>
public sealed record OnnxFeatureExtractorOptions
{
    /// <summary>Path of the .onnx file.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Name of the feature space for labels ("FD-" + this); default: the model file's name without extension.</summary>
    public string? FeatureSpaceName { get; init; }

    /// <summary>Side of the square input in pixels.</summary>
    public int InputSize { get; init; } = 224;

    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    public PixelScaling Scaling { get; init; } = PixelScaling.ZeroToOne;

    /// <summary>Per-channel mean to subtract (3 values, model channel order, scaled units); none when null.</summary>
    public float[]? ChannelMean { get; init; }

    /// <summary>Per-channel divisor applied after the mean (3 values); none when null.</summary>
    public float[]? ChannelStd { get; init; }

    /// <summary>Per-pixel mean image to subtract (3 × InputSize × InputSize, model channel order); replaces ChannelMean.</summary>
    public float[]? MeanImage { get; init; }

    /// <summary>Name of the model input to feed; default: the model's first input.</summary>
    public string? InputName { get; init; }

    /// <summary>Name of the model output to read; default: the model's first output.</summary>
    public string? OutputName { get; init; }

    /// <summary>Images per ONNX Runtime call.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>ONNX Runtime intra-op threads; 0 lets it choose.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Rewrite the model's batch dimension to a symbolic one before loading (see <see cref="Onnx.OnnxModelRewriter"/>);
    /// needed for exports that fix it at 1, harmless for the others.
    /// </summary>
    public bool MakeBatchDimensionDynamic { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath: no ONNX model path given", nameof(ModelPath));
        }

        if (InputSize < 1)
        {
            throw new ArgumentException($"InputSize: must be positive, got {InputSize}", nameof(InputSize));
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"BatchSize: must be positive, got {BatchSize}", nameof(BatchSize));
        }

        if (IntraOpThreads < 0)
        {
            throw new ArgumentException($"IntraOpThreads: must be 0 or more, got {IntraOpThreads}", nameof(IntraOpThreads));
        }

        if (ChannelMean is { Length: not 3 })
        {
            throw new ArgumentException($"ChannelMean: needs 3 values, got {ChannelMean.Length}", nameof(ChannelMean));
        }

        if (ChannelStd is { Length: not 3 } || (ChannelStd is not null && ChannelStd.Any(s => s <= 0)))
        {
            throw new ArgumentException("ChannelStd: needs 3 positive values", nameof(ChannelStd));
        }

        if (MeanImage is not null && MeanImage.Length != 3 * InputSize * InputSize)
        {
            throw new ArgumentException(
                $"MeanImage: needs 3 × {InputSize} × {InputSize} = {3 * InputSize * InputSize} values, got {MeanImage.Length}",
                nameof(MeanImage));
        }
    }
}

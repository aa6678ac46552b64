using MemControl.Models.Pipelines;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Training;

/// <summary>
/// Puts a model's frozen weights in the <see cref="MixedPrecision"/> dtype (docs/scale.md, "Mixed precision"), and
/// checks the settings that depend on the model and its device before any work starts.
/// </summary>
public static class PrecisionCast
{
    /// <summary>The half dtype of <paramref name="precision"/>; null for <see cref="MixedPrecision.No"/>.</summary>
    public static ScalarType? DTypeOf(MixedPrecision precision) => precision switch
    {
        MixedPrecision.BFloat16 => ScalarType.BFloat16,
        MixedPrecision.Float16 => ScalarType.Float16,
        _ => null,
    };

    /// <summary>
    /// Casts the model's weights to the half dtype (PEFT's added tensors stay float32 through the cast, docs/peft.md);
    /// nothing for <see cref="MixedPrecision.No"/> or a model already in that dtype.
    /// </summary>
    public static void Apply(StableDiffusion model, MixedPrecision precision)
    {
        RequireSupported(model.Device.type, precision);
        CastFrozen(model, precision);
    }

    /// <summary>
    /// <see cref="Apply"/> without the device check, for a model not yet on its device: casting before a PEFT method
    /// attaches means SV-DIFF's set-up never holds a float32 model besides its factors (docs/scale.md).
    /// </summary>
    public static void CastFrozen(StableDiffusion model, MixedPrecision precision)
    {
        if (DTypeOf(precision) is { } dtype && model.LatentDType != dtype)
        {
            model.MoveTo(model.Device, dtype);
        }
    }

    /// <summary>Float16 needs CUDA: CPU kernels for float16 training are missing or slow (docs/scale.md).</summary>
    public static void RequireSupported(DeviceType device, MixedPrecision precision)
    {
        if (precision == MixedPrecision.Float16 && device == DeviceType.CPU)
        {
            throw new ArgumentException(
                $"{nameof(FineTuneOptions.MixedPrecision)}: {MixedPrecision.Float16} needs a CUDA device (the model is on the CPU); use {MixedPrecision.BFloat16} on the CPU");
        }
    }

    /// <summary>
    /// The image side in pixels a run at <paramref name="resolution"/> uses (null: the UNet's sample size × the VAE's
    /// downscale); throws <see cref="ArgumentException"/> naming Resolution when latents cannot have that size.
    /// </summary>
    public static int ImageSide(StableDiffusion model, int? resolution)
    {
        var side = resolution ?? ((model.Unet.Config.SampleSize ?? 64) * model.LatentScale);
        if (side % model.LatentScale != 0)
        {
            throw new ArgumentException($"{nameof(FineTuneOptions.Resolution)}: {side} is not a multiple of the VAE's downscale {model.LatentScale}");
        }

        return side;
    }
}

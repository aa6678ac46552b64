using MemControl.Training;

namespace MemControl.Cli.Commands.Scale;

/// <summary>
/// The training options users of diffusers' training scripts expect (docs/scale.md), shared by <c>train</c> and
/// <c>benchmark</c>: <c>--resolution</c>, <c>--gradient-checkpointing</c>, <c>--grad-accum</c>, <c>--mixed-precision</c>.
/// </summary>
public static class ScaleOptions
{
    public static MixedPrecision MixedPrecisionOf(string? text) => text?.ToLowerInvariant() switch
    {
        null or "no" => MixedPrecision.No,
        "bf16" => MixedPrecision.BFloat16,
        "fp16" => MixedPrecision.Float16,
        _ => throw new ArgumentException($"--mixed-precision: '{text}' is not one of no, bf16, fp16"),
    };

    /// <summary><paramref name="options"/> with the scale settings; their library errors re-worded with the option names.</summary>
    public static FineTuneOptions Apply(FineTuneOptions options, int? resolution, bool gradientCheckpointing, int gradAccum, string? mixedPrecision)
    {
        if (resolution is { } side && side < 8)
        {
            throw new ArgumentException($"--resolution: must be at least 8 pixels, not {side}");
        }

        if (gradAccum < 1)
        {
            throw new ArgumentException($"--grad-accum: must be at least 1, not {gradAccum}");
        }

        return options with
        {
            Resolution = resolution,
            GradientCheckpointing = gradientCheckpointing,
            GradientAccumulationSteps = gradAccum,
            MixedPrecision = MixedPrecisionOf(mixedPrecision),
        };
    }
}

using MemControl.Training;

namespace MemControl.Cli.Commands.Scale;

/// <summary>
/// The training options users of diffusers' training scripts expect (docs/scale.md), shared by <c>train</c>,
/// <c>search</c>, <c>benchmark</c> (all four) and <c>evaluate</c> (resolution and precision):
/// <c>--resolution</c>, <c>--gradient-checkpointing</c>, <c>--grad-accum</c>, <c>--mixed-precision</c>, and
/// <c>--cache-latents</c> on the three that train.
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

    /// <summary>The typed settings, checked; library errors re-worded with the option names (OptionTables.TrainScale).</summary>
    public static TrainingScale Parse(int? resolution, bool gradientCheckpointing, int gradAccum, string? mixedPrecision, bool cacheLatents = false)
    {
        if (resolution is { } side && side < 8)
        {
            throw new ArgumentException($"--resolution: must be at least 8 pixels, not {side}");
        }

        var scale = new TrainingScale
        {
            Resolution = resolution,
            GradientCheckpointing = gradientCheckpointing,
            GradientAccumulationSteps = gradAccum,
            MixedPrecision = MixedPrecisionOf(mixedPrecision),
            CacheLatents = cacheLatents,
        };
        OptionNames.Check(scale.Validate, OptionTables.TrainScale);
        return scale;
    }

}

namespace MemControl.Models.Schedulers;

/// <summary>The N training timesteps a sampler visits, by <see cref="TimestepSpacing"/>, as diffusers picks them.</summary>
internal static class InferenceTimesteps
{
    /// <summary>The picked timesteps in increasing order.</summary>
    /// <exception cref="ArgumentException">N is not in [1, T].</exception>
    public static long[] Ascending(SchedulerConfig config, int count)
    {
        var total = config.NumTrainTimesteps;
        if (count < 1 || count > total)
        {
            throw new ArgumentException(
                $"the number of inference steps must be in [1, num_train_timesteps = {total}], found {count}", nameof(count));
        }

        var timesteps = new long[count];
        switch (config.TimestepSpacing)
        {
            case TimestepSpacing.Leading:
                // k · (T div N) + steps_offset, k = 0 … N − 1 (DDIM paper §C.1 "even" spacing as diffusers does it).
                var stride = total / count;
                for (var k = 0; k < count; k++)
                {
                    timesteps[k] = ((long)k * stride) + config.StepsOffset;
                }

                break;
            case TimestepSpacing.Trailing:
                // round(T − k · T/N) − 1 for k = N − 1 … 0; numpy rounds halves to even, as Math.Round does. (numpy's
                // arange(T, 0, −T/N) has N + 1 elements for a few N, e.g. 61, by float rounding, and diffusers then
                // visits timestep −1; this keeps exactly N.)
                var ratio = (double)total / count;
                for (var k = 0; k < count; k++)
                {
                    timesteps[count - 1 - k] = (long)Math.Round(total - (k * ratio)) - 1;
                }

                break;
            case TimestepSpacing.Linspace:
                // round(linspace(0, T − 1, N)), the end point exact as numpy makes it.
                var step = count == 1 ? 0.0 : (total - 1.0) / (count - 1);
                for (var k = 0; k < count; k++)
                {
                    timesteps[k] = k == count - 1 && count > 1 ? total - 1 : (long)Math.Round(k * step);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.TimestepSpacing, "unknown timestep spacing");
        }

        return timesteps;
    }

    /// <summary>The picked timesteps in the order a sampler visits them: decreasing.</summary>
    public static long[] Descending(SchedulerConfig config, int count)
    {
        var timesteps = Ascending(config, count);
        Array.Reverse(timesteps);
        return timesteps;
    }
}

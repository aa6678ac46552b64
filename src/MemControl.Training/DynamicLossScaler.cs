namespace MemControl.Training;

/// <summary>
/// fp16 loss scaling as torch.cuda.amp.GradScaler does it (Micikevicius et al. 2018, "Mixed precision training"): the
/// loss is multiplied by a scale so small gradients do not flush to zero in float16; a step whose gradients overflow is
/// skipped and the scale halved; after <see cref="GrowthInterval"/> good steps in a row the scale doubles.
/// </summary>
public sealed class DynamicLossScaler(double initialScale = 65536.0, int growthInterval = 2000)
{
    private int goodSteps;

    /// <summary>The factor the loss is multiplied by before backward.</summary>
    public double Scale { get; private set; } = initialScale;

    public int GrowthInterval { get; } = growthInterval;

    /// <summary>Records whether the step's unscaled gradients were finite and adapts the scale.</summary>
    public void Update(bool gradientsFinite)
    {
        if (!gradientsFinite)
        {
            Scale = Math.Max(1.0, Scale / 2);
            goodSteps = 0;
            return;
        }

        if (++goodSteps >= GrowthInterval)
        {
            Scale *= 2;
            goodSteps = 0;
        }
    }
}

namespace MemControl.Training;

/// <summary>Constant learning rate after an optional linear warm-up (docs/decisions.md §5: constant).</summary>
public sealed record LearningRateSchedule(int WarmupSteps)
{
    /// <summary>The factor of the base learning rate at 0-based optimizer step <paramref name="step"/>.</summary>
    public double Factor(int step) => WarmupSteps <= 0 || step >= WarmupSteps ? 1.0 : (step + 1) / (double)WarmupSteps;
}

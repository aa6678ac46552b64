namespace MemControl.Training;

/// <summary>One step's report to whoever shows progress.</summary>
/// <param name="Step">1-based step just finished.</param>
/// <param name="TotalSteps">Steps of the whole run.</param>
/// <param name="Loss">This step's loss (NaN when the step made no update).</param>
/// <param name="StepsPerSecond">Throughput of this run so far.</param>
public readonly record struct TrainingProgress(int Step, int TotalSteps, double Loss, double StepsPerSecond)
{
    /// <summary>Estimated time left at the current throughput.</summary>
    public TimeSpan Remaining => StepsPerSecond > 0 ? TimeSpan.FromSeconds((TotalSteps - Step) / StepsPerSecond) : TimeSpan.Zero;
}

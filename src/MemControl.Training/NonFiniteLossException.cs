namespace MemControl.Training;

/// <summary>
/// The loss became NaN or infinite. The run stops at once; the last good checkpoint stays as it was, so a resume with
/// a lower learning rate can continue from it.
/// </summary>
public sealed class NonFiniteLossException(int step, double loss, string? lastCheckpoint)
    : Exception($"the loss is {loss} at step {step}; training stopped"
        + (lastCheckpoint is null ? " (no checkpoint was written yet). Try a lower learning rate." : $"; the last good checkpoint is '{lastCheckpoint}'. Try a lower learning rate, then resume from it."))
{
    public int Step { get; } = step;

    public double Loss { get; } = loss;
}

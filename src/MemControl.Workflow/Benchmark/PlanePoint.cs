using MemControl.Metrics.Statistics;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// One evaluated adapter in the quality–memorization plane: a row's final adapter or one of its intermediate ones.
/// </summary>
/// <param name="Row">The row id.</param>
/// <param name="Label">The row's label.</param>
/// <param name="Step">Optimizer steps taken (a row's final adapter: the row's steps; Freeze: 0).</param>
/// <param name="Final">True for the adapter the row ends with (the table's value).</param>
/// <param name="Fd">FD, lower is better quality.</param>
/// <param name="Memorization">The plane's memorization measure, higher is less memorization (own rank or AMD).</param>
/// <param name="FdInterval">FD's 95 % interval over seeds, or null (one seed).</param>
/// <param name="MemorizationInterval">The measure's 95 % interval over seeds, or null (one seed).</param>
public sealed record PlanePoint(
    string Row,
    string Label,
    int Step,
    bool Final,
    double Fd,
    double Memorization,
    IntervalEstimate? FdInterval,
    IntervalEstimate? MemorizationInterval)
{
    /// <summary>"Full FT" or "Full FT at step 40".</summary>
    public string Name => Final ? Label : $"{Label} at step {Step}";
}

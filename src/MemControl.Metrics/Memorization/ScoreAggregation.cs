namespace MemControl.Metrics.Memorization;

/// <summary>How per-sample memorization scores become one objective value.</summary>
public enum ScoreAggregation
{
    /// <summary>The most memorized sample (MemControl's official code).</summary>
    Max,

    Mean,
}

namespace MemControl.Metrics.Memorization;

/// <summary>What counts as a linked group of generations in the extraction attack.</summary>
public enum ExtractionGrouping
{
    /// <summary>Connected components of the link graph (MemControl's official code).</summary>
    ConnectedComponents,

    /// <summary>Cliques: every pair in the group linked (Carlini et al. 2023).</summary>
    Cliques,
}

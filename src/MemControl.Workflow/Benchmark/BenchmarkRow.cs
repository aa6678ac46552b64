
using MemControl.Workflow.FineTuning;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// One row of the paper's Table 1 (docs/decisions.md §10): a PEFT method (or the searched mask) with or without a mitigation.
/// </summary>
/// <param name="Id">Stable id used by <c>--rows</c> and as the row's folder name: <c>full</c>, <c>svdiff+rwa</c>, ...</param>
/// <param name="Label">What the table shows: "Full FT + RWA".</param>
/// <param name="Method">The PEFT method, or null for the searched mask (its method comes from mask.json).</param>
/// <param name="Mitigation">None, Rwa (the benchmark's <c>--rwa</c> flavour) or Threshold (its <c>--threshold</c>).</param>
public sealed record BenchmarkRow(string Id, string Label, string? Method, MitigationKind Mitigation)
{
    /// <summary>True for the rows of the searched mask (MemControl), which need a mask.json.</summary>
    public bool UsesSearchedMask => Method is null;

    /// <summary>True for the frozen model: nothing is trained, the base model is evaluated as it is.</summary>
    public bool IsFrozen => Method == "freeze";
}

namespace MemControl.Data;

/// <summary>The three subject-disjoint parts of a dataset (docs/decisions.md §2).</summary>
public enum DatasetSplit
{
    Train,
    Validation,
    Test,
}

namespace MemControl.Data;

/// <summary>The three subject-disjoint parts of a dataset (SPEC §2).</summary>
public enum DatasetSplit
{
    Train,
    Validation,
    Test,
}

namespace MemControl.Workflow;

/// <summary>Names that stand for built-in data where a manifest path is expected.</summary>
public static class DataSources
{
    /// <summary>The synthetic chest-radiograph phantoms (docs/data-formats.md), generated from a seed instead of read.</summary>
    public const string Phantoms = "phantoms";
}

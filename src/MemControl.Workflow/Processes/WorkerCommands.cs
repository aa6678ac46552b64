namespace MemControl.Workflow.Processes;

/// <summary>The memcontrol commands that worker processes run (hidden from the CLI's help; parsed by the CLI).</summary>
public static class WorkerCommands
{
    /// <summary>One or more Table-1 rows of a benchmark plan: <c>benchmark-worker --plan … --rows …</c>.</summary>
    public const string Benchmark = "benchmark-worker";

    /// <summary>A search worker on a shared study: <c>search worker …</c>.</summary>
    public static readonly string[] Search = ["search", "worker"];
}

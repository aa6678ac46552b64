namespace MemControl.Search.Problems;

/// <summary>Benchmark problems by name (the <c>--problem</c> option).</summary>
public static class BenchmarkProblems
{
    public static readonly IReadOnlyList<string> Names = ["zdt1", "zdt2", "zdt3", "zdt4", "zdt6", "lotz"];

    public static IBenchmarkProblem ByName(string name) => name.ToLowerInvariant() switch
    {
        "zdt1" => new ZdtProblem(1),
        "zdt2" => new ZdtProblem(2),
        "zdt3" => new ZdtProblem(3),
        "zdt4" => new ZdtProblem(4),
        "zdt6" => new ZdtProblem(6),
        "lotz" => new LotzProblem(),
        _ => throw new ArgumentException($"unknown problem '{name}'; choose one of {string.Join(", ", Names)}."),
    };
}

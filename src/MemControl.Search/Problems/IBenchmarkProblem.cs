namespace MemControl.Search.Problems;

/// <summary>
/// A standard two-objective test problem with a known Pareto front, to check the search engine without a
/// diffusion model. Both objectives are minimised.
/// </summary>
public interface IBenchmarkProblem
{
    string Name { get; }

    /// <summary>Suggests the problem's genes from the trial and returns (f1, f2).</summary>
    IReadOnlyList<double> Evaluate(Trial trial);

    /// <summary>Points on the true Pareto front, dense enough for its hypervolume to 4 decimals.</summary>
    IReadOnlyList<(double F1, double F2)> TrueFront(int points);
}

namespace MemControl.Search.Pareto;

/// <summary>Exact hypervolume of two-objective fronts (both objectives minimised).</summary>
public static class Hypervolume
{
    /// <summary>
    /// The area dominated by the points and bounded by the reference point: sort by the first objective and add
    /// the rectangles of the staircase. Points not strictly better than the reference in both objectives add
    /// nothing; dominated points add nothing. Exact, O(n log n).
    /// </summary>
    public static double Of2D(IEnumerable<(double F1, double F2)> points, (double F1, double F2) reference)
    {
        var inside = points
            .Where(p => p.F1 < reference.F1 && p.F2 < reference.F2)
            .OrderBy(p => p.F1).ThenBy(p => p.F2)
            .ToList();
        var area = 0.0;
        var ceiling = reference.F2; // the lowest f2 seen so far: the staircase's current height
        foreach (var (f1, f2) in inside)
        {
            if (f2 < ceiling)
            {
                // Everything right of f1 up to the reference, between f2 and the staircase so far, is newly covered.
                area += (reference.F1 - f1) * (ceiling - f2);
                ceiling = f2;
            }
        }

        return area;
    }
}

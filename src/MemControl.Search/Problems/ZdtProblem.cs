namespace MemControl.Search.Problems;

/// <summary>
/// The ZDT problems of Zitzler, Deb &amp; Thiele (2000), "Comparison of Multiobjective Evolutionary Algorithms:
/// Empirical Results", Evolutionary Computation 8(2), as defined there: minimise f1(x1) and f2 = g(x2..xn)·h(f1, g).
/// ZDT1–3 have n = 30 genes in [0, 1]; ZDT4 has n = 10 with x2..x10 in [−5, 5]; ZDT6 has n = 10 in [0, 1].
/// The true front is g = 1. Genes are float parameters named x0, x1, ...
/// </summary>
public sealed class ZdtProblem : IBenchmarkProblem
{
    private readonly int variant;

    public ZdtProblem(int variant)
    {
        if (variant is not (1 or 2 or 3 or 4 or 6))
        {
            throw new ArgumentException($"ZDT{variant} is not one of zdt1, zdt2, zdt3, zdt4, zdt6.");
        }

        this.variant = variant;
    }

    public string Name => $"zdt{variant}";

    /// <summary>n: 30 for ZDT1–3, 10 for ZDT4 and ZDT6.</summary>
    public int Genes => variant is 4 or 6 ? 10 : 30;

    public IReadOnlyList<double> Evaluate(Trial trial)
    {
        var x = new double[Genes];
        for (var i = 0; i < x.Length; i++)
        {
            var (low, high) = variant == 4 && i > 0 ? (-5.0, 5.0) : (0.0, 1.0);
            x[i] = trial.SuggestFloat($"x{i}", low, high);
        }

        return Objectives(x);
    }

    /// <summary>(f1, f2) of a gene vector.</summary>
    public double[] Objectives(IReadOnlyList<double> x)
    {
        var n = x.Count;
        var rest = x.Skip(1);
        var f1 = variant == 6 ? 1 - (Math.Exp(-4 * x[0]) * Math.Pow(Math.Sin(6 * Math.PI * x[0]), 6)) : x[0];
        var g = variant switch
        {
            4 => 1 + (10 * (n - 1)) + rest.Sum(v => (v * v) - (10 * Math.Cos(4 * Math.PI * v))),
            6 => 1 + (9 * Math.Pow(rest.Sum() / (n - 1), 0.25)),
            _ => 1 + (9 * rest.Sum() / (n - 1)),
        };
        return [f1, g * H(f1, g)];
    }

    public IReadOnlyList<(double F1, double F2)> TrueFront(int points)
    {
        // g = 1 on the front; f1 spans f1(x1) for x1 in [0, 1] (ZDT6: from 1 − e^{−4x}sin⁶(6πx), min ≈ 0.2808).
        var front = new List<(double, double)>(points);
        for (var k = 0; k < points; k++)
        {
            var x1 = (double)k / (points - 1);
            var f1 = variant == 6 ? 1 - (Math.Exp(-4 * x1) * Math.Pow(Math.Sin(6 * Math.PI * x1), 6)) : x1;
            front.Add((f1, H(f1, 1)));
        }

        return front; // ZDT3's dominated stretches are removed by the hypervolume (they add no area).
    }

    private double H(double f1, double g) => variant switch
    {
        2 or 6 => 1 - Math.Pow(f1 / g, 2),
        3 => 1 - Math.Sqrt(f1 / g) - (f1 / g * Math.Sin(10 * Math.PI * f1)),
        _ => 1 - Math.Sqrt(f1 / g),
    };
}

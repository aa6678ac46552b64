namespace MemControl.Search.Problems;

/// <summary>
/// LOTZ, "leading ones, trailing zeros" (Laumanns, Thiele &amp; Zitzler 2004): a bi-objective problem on n bits,
/// the binary stand-in for a layer mask. Maximise the number of leading ones and of trailing zeros; here as
/// minimised losses on [0, 1]: f1 = 1 − LO/n, f2 = 1 − TZ/n. The front is the n + 1 strings 1^k 0^(n−k).
/// Genes are bool parameters named b0, b1, ...
/// </summary>
public sealed class LotzProblem(int bits = 16) : IBenchmarkProblem
{
    public int Bits { get; } = bits >= 2 ? bits : throw new ArgumentException($"lotz needs at least 2 bits, got {bits}.");

    public string Name => "lotz";

    public IReadOnlyList<double> Evaluate(Trial trial)
    {
        var x = new bool[Bits];
        for (var i = 0; i < Bits; i++)
        {
            x[i] = trial.SuggestBool($"b{i}");
        }

        return Objectives(x);
    }

    public double[] Objectives(IReadOnlyList<bool> x)
    {
        var leadingOnes = x.TakeWhile(b => b).Count();
        var trailingZeros = x.Reverse().TakeWhile(b => !b).Count();
        return [1 - ((double)leadingOnes / Bits), 1 - ((double)trailingZeros / Bits)];
    }

    public IReadOnlyList<(double F1, double F2)> TrueFront(int points) =>
        Enumerable.Range(0, Bits + 1).Select(k => (1 - ((double)k / Bits), (double)k / Bits)).ToList();
}

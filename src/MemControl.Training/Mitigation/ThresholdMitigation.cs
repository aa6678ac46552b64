using System.Globalization;

namespace MemControl.Training.Mitigation;

/// <summary>
/// Wen et al.'s loss-side mitigation (docs/decisions.md §9): per step, each sample's denoising strength
/// d_i = ‖ε̂(x_t, t, c_i) − ε̂(x_t, t, ∅)‖₂ on the same x_t and t; samples with d_i ≥ τ are dropped from the loss.
/// <c>auto</c> drops the batch's top <see cref="AutoDropFraction"/> instead of using a fixed τ.
/// </summary>
public sealed record ThresholdMitigation(double? Tau, double AutoDropFraction = 0.1)
{
    public bool IsAuto => Tau is null;

    /// <summary>Parses <c>threshold:τ</c> or <c>threshold:auto</c> (the part after the colon).</summary>
    public static ThresholdMitigation Parse(string value)
    {
        if (value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return new ThresholdMitigation(Tau: null);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var tau) && tau > 0 && double.IsFinite(tau))
        {
            return new ThresholdMitigation(tau);
        }

        throw new ArgumentException($"threshold needs a positive τ or 'auto' (threshold:2.5, threshold:auto), not '{value}'");
    }

    /// <summary>
    /// Which samples stay in the loss: d_i &lt; τ, or for <c>auto</c> all but the ⌈fraction·B⌉ largest (ties keep order).
    /// </summary>
    public bool[] Keep(IReadOnlyList<double> strengths)
    {
        var keep = new bool[strengths.Count];
        if (Tau is { } tau)
        {
            for (var i = 0; i < keep.Length; i++)
            {
                keep[i] = strengths[i] < tau;
            }

            return keep;
        }

        var drop = (int)Math.Ceiling(AutoDropFraction * strengths.Count);
        var dropped = Enumerable.Range(0, strengths.Count)
            .OrderByDescending(i => strengths[i])
            .ThenBy(i => i)
            .Take(drop)
            .ToHashSet();
        for (var i = 0; i < keep.Length; i++)
        {
            keep[i] = !dropped.Contains(i);
        }

        return keep;
    }

    public override string ToString() => Tau is { } tau ? $"threshold:{tau.ToString(CultureInfo.InvariantCulture)}" : "threshold:auto";
}

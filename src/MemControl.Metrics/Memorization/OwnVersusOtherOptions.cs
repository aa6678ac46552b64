using MemControl.Metrics.Statistics;

namespace MemControl.Metrics.Memorization;

/// <summary>When a generation counts as a copy of its own training image, and how intervals are drawn.</summary>
public sealed record OwnVersusOtherOptions
{
    /// <summary>
    /// ρ: a copy needs r = d(g, x_own) / min_{j≠own} d(g, x_j) below this. 0.5 = at least twice as near its own image as
    /// any other training image, which a generation that merely resembles the data (exchangeable with the training
    /// images) rarely is.
    /// </summary>
    public double RatioThreshold { get; init; } = 0.5;

    /// <summary>
    /// τ: optionally also d(g, x_own) below this (in the distance's own units, e.g. <see cref="CopyingScore.DefaultThreshold"/>
    /// for pixel RMS). Null = the ratio alone decides; an absolute τ belongs to one space and one data set.
    /// </summary>
    public double? OwnDistanceThreshold { get; init; }

    /// <summary>The bootstrap over prompts that gives each aggregate its interval.</summary>
    public BootstrapOptions Bootstrap { get; init; } = new();

    public void Validate()
    {
        if (!(RatioThreshold > 0) || double.IsInfinity(RatioThreshold))
        {
            throw new ArgumentException($"OwnVersusOtherOptions.RatioThreshold must be positive and finite, got {RatioThreshold}");
        }

        if (OwnDistanceThreshold is { } tau && !(tau > 0))
        {
            throw new ArgumentException($"OwnVersusOtherOptions.OwnDistanceThreshold must be positive, got {tau}");
        }

        ArgumentNullException.ThrowIfNull(Bootstrap, nameof(Bootstrap));
        Bootstrap.Validate();
    }
}

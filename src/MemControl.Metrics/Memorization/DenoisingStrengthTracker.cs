using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Accumulates denoising strength over the steps of a sampling run (Wen et al.: the mean over steps of
/// ‖ε̂_cond − ε̂_uncond‖₂, per generation). A sampler calls <see cref="AddStep"/> with the two predictions it already has
/// for classifier-free guidance.
/// </summary>
public sealed class DenoisingStrengthTracker
{
    private readonly double[] _sums;

    public DenoisingStrengthTracker(int generations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(generations);
        _sums = new double[generations];
    }

    /// <summary>Steps recorded so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Records one step's predictions <c>[B, ...]</c>, B = the number of generations.</summary>
    public void AddStep(Tensor conditional, Tensor unconditional)
    {
        var perSample = DenoisingStrength.PerSample(conditional, unconditional);
        if (perSample.Length != _sums.Length)
        {
            throw new ArgumentException($"{perSample.Length} predictions for {_sums.Length} generations", nameof(conditional));
        }

        for (var i = 0; i < perSample.Length; i++)
        {
            _sums[i] += perSample[i];
        }

        Steps++;
    }

    /// <summary>Per generation, the mean over steps.</summary>
    public double[] PerGeneration =>
        Steps == 0 ? throw new InvalidOperationException("no step recorded") : _sums.Select(s => s / Steps).ToArray();

    /// <summary>The mean over steps and generations.</summary>
    public double Mean => PerGeneration.Average();
}

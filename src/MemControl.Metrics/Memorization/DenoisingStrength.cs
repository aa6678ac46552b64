using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Denoising strength (Wen et al. 2024; MemControl paper Eq. 6): the magnitude of the text-conditional part of the noise
/// prediction, d = ‖ε̂(x_t, t, c) − ε̂(x_t, t, ∅)‖₂ over the whole latent of one sample.
/// </summary>
public static class DenoisingStrength
{
    /// <summary>d per sample, <c>[B]</c> float64, from the conditional and unconditional predictions <c>[B, ...]</c>.</summary>
    public static double[] PerSample(Tensor conditional, Tensor unconditional)
    {
        ArgumentNullException.ThrowIfNull(conditional);
        ArgumentNullException.ThrowIfNull(unconditional);
        if (!conditional.shape.SequenceEqual(unconditional.shape))
        {
            throw new ArgumentException(
                $"conditional [{string.Join(", ", conditional.shape)}] and unconditional [{string.Join(", ", unconditional.shape)}] differ in shape");
        }

        using var scope = NewDisposeScope();
        var difference = (conditional.detach().to(ScalarType.Float64, CPU) - unconditional.detach().to(ScalarType.Float64, CPU)).flatten(1);
        return difference.norm(1).data<double>().ToArray();
    }

    /// <summary>
    /// Samples with classifier-free guidance while tracking d at every step (the evaluation-time measure, docs/decisions.md §8):
    /// ε̂ = ε̂_∅ + w (ε̂_c − ε̂_∅), then <paramref name="step"/> (the scheduler's update) gives the next latents.
    /// </summary>
    /// <param name="model">The noise predictor.</param>
    /// <param name="initialLatents">x_T, <c>[B, C, h, w]</c>.</param>
    /// <param name="textStates">Prompt states <c>[B, L, D]</c>.</param>
    /// <param name="emptyTextStates">Empty-caption states <c>[1, L, D]</c> or <c>[B, L, D]</c>.</param>
    /// <param name="timesteps">The sampling timesteps, first to last.</param>
    /// <param name="guidanceScale">w.</param>
    /// <param name="step">(latents, guided ε̂, t) → next latents.</param>
    /// <returns>The final latents (caller disposes) and the tracker with d per generation.</returns>
    public static (Tensor Latents, DenoisingStrengthTracker Tracker) DuringSampling(INoisePredictor model, Tensor initialLatents,
        Tensor textStates, Tensor emptyTextStates, IReadOnlyList<long> timesteps, double guidanceScale,
        Func<Tensor, Tensor, long, Tensor> step)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(initialLatents);
        ArgumentNullException.ThrowIfNull(step);
        var batch = initialLatents.shape[0];
        var tracker = new DenoisingStrengthTracker((int)batch);
        var latents = initialLatents.detach().clone();
        using var empty = emptyTextStates.expand(batch, -1, -1);
        foreach (var t in timesteps)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var timestep = t.ToScalar();
            var time = full([batch], timestep, ScalarType.Int64, latents.device);
            var conditional = model.Predict(latents, time, textStates);
            var unconditional = model.Predict(latents, time, empty);
            tracker.AddStep(conditional, unconditional);
            var guided = unconditional.Plus((conditional - unconditional).Times(guidanceScale));
            var next = step(latents, guided, t).detach().MoveToOuterDisposeScope();
            latents.Dispose();
            latents = next;
        }

        return (latents, tracker);
    }
}

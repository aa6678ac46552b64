using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// The diffusion model as the memorization measures see it: ε̂(x_t, t, c). Implemented over the UNet by the caller.
/// </summary>
public interface INoisePredictor
{
    /// <summary>Predicted noise for latents <c>[B, C, h, w]</c>, timesteps <c>[B]</c> (int64) and text states <c>[B, L, D]</c>.</summary>
    Tensor Predict(Tensor latents, Tensor timesteps, Tensor textStates);
}
